import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeLiteralXlsx } from '../../synthetic/xlsx-literal.ts';
import { encryptedWorkbookBytes, writeWorkbook } from '../helpers/workbook.ts';

/**
 * The hand-written .xlsx of the test helper is checked with ExcelJS, a reader other than the one
 * under test: the files the reader's tests use are well-formed OOXML with the cell types meant.
 */
describe('the test helper that writes workbooks', () => {
  it('when an .xlsx is written then ExcelJS reads back its sheets, hidden flags and typed cells', async () => {
    const bytes = writeWorkbook([
      {
        name: 'นักเรียน',
        rows: [
          ['เลขประจำตัวประชาชน', 'วันเกิด', 'จำนวน', 'ใช่', 'หมายเหตุ'],
          ['0103702488994', new Date(Date.UTC(2013, 2, 5)), 3.5, true, ' A & <B> "C" '],
          [],
          [null, null, 42, false, 'ท้าย'],
        ],
      },
      { name: '_template', rows: [['sis-students', '1']], hidden: true },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['นักเรียน', 'visible'],
      ['_template', 'hidden'],
    ]);
    const sheet = book.getWorksheet('นักเรียน')!;
    expect(sheet.getCell('A2').value).toBe('0103702488994');
    expect(sheet.getCell('B2').value).toEqual(new Date(Date.UTC(2013, 2, 5)));
    expect(sheet.getCell('B2').numFmt).toBe('mm-dd-yy');
    expect(sheet.getCell('C2').value).toBe(3.5);
    expect(sheet.getCell('D2').value).toBe(true);
    expect(sheet.getCell('E2').value).toBe(' A & <B> "C" ');
    expect(sheet.getRow(3).cellCount).toBe(0);
    expect([sheet.getCell('A4').value, sheet.getCell('C4').value, sheet.getCell('D4').value]).toEqual([
      null,
      42,
      false,
    ]);
  });

  it('when numbers carry display formats then ExcelJS reads each with its format', async () => {
    const bytes = writeLiteralXlsx([
      {
        name: 'S',
        rows: [
          [
            { t: 'n', v: 41338, z: 'dd/mm/yyyy' },
            { t: 'n', v: 41339, z: 'd mmm yyyy' },
            { t: 'n', v: 41340, z: 'dd/mm/yyyy' },
          ],
        ],
      },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('S')!;
    expect(['A1', 'B1', 'C1'].map((a) => sheet.getCell(a).numFmt)).toEqual([
      'dd/mm/yyyy',
      'd mmm yyyy',
      'dd/mm/yyyy',
    ]);
    expect(sheet.getCell('A1').value).toEqual(new Date(Date.UTC(2013, 2, 5)));
  });

  it('when the same sheets are written twice then the bytes are the same', () => {
    const sheets = [{ name: 'S', rows: [['a', 1, new Date(Date.UTC(2020, 0, 1))]] }];
    expect(writeWorkbook(sheets)).toEqual(writeWorkbook(sheets));
  });

  it('when the encrypted shell is made then it is an OLE2 file holding the two encryption streams', () => {
    const bytes = Buffer.from(encryptedWorkbookBytes());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    const names = Buffer.from(bytes.subarray(1024, 1536)).toString('utf16le');
    expect(names).toContain('EncryptionInfo');
    expect(names).toContain('EncryptedPackage');
  });
});
