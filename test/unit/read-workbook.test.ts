import { DEFAULT_ZIP_LIMITS } from '../../pipeline/read/zip-guard.ts';
import { describe, expect, test } from 'vitest';
import { makeIssue } from '../../pipeline/issues/issue.ts';
import { readWorkbook } from '../../pipeline/read/read-workbook.ts';
import type { ReadResult, Workbook } from '../../pipeline/read/workbook.ts';
import { csvText, encodeText, encryptedWorkbookBytes, writeWorkbook } from '../helpers/workbook.ts';

const LIMITS = { maxBytes: 5_000_000, maxRows: 1_000, zip: DEFAULT_ZIP_LIMITS };

function book(result: ReadResult): Workbook {
  if (!result.ok) throw new Error(`expected a workbook, got ${result.issue.code}`);
  return result.book;
}

const THAI_ROWS = [
  ['เลขประจำตัวประชาชน', 'ชื่อ', 'นามสกุล'],
  ['1103702488992', 'สมชาย', 'ใจดี'],
  ['3249800008341', 'มาลี', 'ศรีสุข'],
];

describe('reading workbooks', () => {
  test('when an .xlsx is read then sheets keep order, hidden flags, numbers and text', () => {
    const bytes = writeWorkbook([
      {
        name: 'นักเรียน',
        rows: [
          ['ชื่อ', 'วันเกิด', 'จำนวน'],
          ['สมชาย', 40973, 3],
          [null, null, null],
          ['มาลี', 'x', true],
        ],
      },
      { name: '_template', rows: [['sis-students', '1']], hidden: true },
    ]);
    const result = book(readWorkbook(bytes, 'roster.xlsx', LIMITS));
    expect(result.format).toBe('xlsx');
    expect(result.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['นักเรียน', false],
      ['_template', true],
    ]);
    const rows = result.sheets[0]!.rows;
    expect(rows[0]).toEqual(['ชื่อ', 'วันเกิด', 'จำนวน']);
    expect(rows[1]).toEqual(['สมชาย', 40973, 3]);
    expect(rows[3]).toEqual(['มาลี', 'x', true]);
  });

  test('when an .xlsx holds an ID as text and a real date cell then the ID keeps its zero and the date is its serial', () => {
    const bytes = writeWorkbook([
      {
        name: 'นักเรียน',
        rows: [
          ['เลขประจำตัวประชาชน', 'วันเกิด'],
          ['0103702488994', new Date(Date.UTC(2013, 2, 5))],
        ],
      },
    ]);
    const rows = book(readWorkbook(bytes, 'roster.xlsx', LIMITS)).sheets[0]!.rows;
    expect(rows[1]).toEqual(['0103702488994', 41338]);
  });

  test('when an .xls (BIFF8) is read then its sheets are read like an .xlsx', () => {
    const bytes = writeWorkbook([{ name: 'นักเรียน', rows: THAI_ROWS }], 'biff8');
    const result = book(readWorkbook(bytes, 'roster.xls', LIMITS));
    expect(result.format).toBe('xls');
    expect(result.sheets[0]!.rows).toEqual(THAI_ROWS);
  });

  test('when the file is password-protected then it is file/encrypted', () => {
    expect(readWorkbook(encryptedWorkbookBytes(), 'locked.xlsx', LIMITS)).toEqual({
      ok: false,
      issue: makeIssue('file/encrypted'),
    });
  });

  test('when the bytes are garbage then it is file/unreadable', () => {
    const garbage = new Uint8Array(2048).map((_, i) => (i * 37 + 11) % 256);
    expect(readWorkbook(garbage, 'roster.xlsx', LIMITS)).toEqual({
      ok: false,
      issue: makeIssue('file/unreadable'),
    });
  });

  test('when a zip is not a workbook then it is file/unreadable', () => {
    const fakeZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array<number>(200).fill(0x41)]);
    expect(readWorkbook(fakeZip, 'roster.xlsx', LIMITS)).toEqual({
      ok: false,
      issue: makeIssue('file/unreadable'),
    });
  });

  test('when the file is empty then it is file/empty', () => {
    expect(readWorkbook(new Uint8Array(0), 'roster.xlsx', LIMITS)).toEqual({
      ok: false,
      issue: makeIssue('file/empty'),
    });
  });

  test('when the file is larger than the limit then it is file/too-large, naming SIS_MAX_UPLOAD_MB', () => {
    const bytes = writeWorkbook([{ name: 'S', rows: THAI_ROWS }]);
    const mb = 1024 * 1024;
    const result = readWorkbook(bytes, 'roster.xlsx', { ...LIMITS, maxBytes: 0.001 * mb, maxRows: 10 });
    const found = `${Math.round((bytes.byteLength / mb) * 10) / 10} MB (${bytes.byteLength} ไบต์)`;
    expect(result).toEqual({
      ok: false,
      issue: makeIssue('file/too-large', { value: found, detail: `SIS_MAX_UPLOAD_MB = 0.001, พบ ${found}` }),
    });
  });

  test('when a sheet reaches past the row cap then it is file/too-many-rows, naming SIS_MAX_ROWS', () => {
    const rows = [['ชื่อ'], ...Array.from({ length: 40 }, (_, i) => [`คน ${i}`])];
    const tooMany = (sheet: string) =>
      makeIssue('file/too-many-rows', { sheet, value: '41 แถว', detail: 'SIS_MAX_ROWS = 5, พบ 41 แถว' });
    for (const bookType of ['xlsx', 'biff8'] as const) {
      const result = readWorkbook(writeWorkbook([{ name: 'S', rows }], bookType), 'big.xlsx', {
        ...LIMITS,
        maxBytes: 1e7,
        maxRows: 5,
      });
      expect(result).toEqual({ ok: false, issue: tooMany('S') });
    }
    expect(
      readWorkbook(encodeText(csvText(rows), 'utf-8'), 'big.csv', { ...LIMITS, maxBytes: 1e7, maxRows: 5 }),
    ).toEqual({ ok: false, issue: tooMany('big') });
  });
});

describe('reading CSV', () => {
  test.each(['utf-8', 'utf-8-bom', 'windows-874'] as const)(
    'when a CSV is in %s then the Thai text is decoded',
    (encoding) => {
      const bytes = encodeText(csvText(THAI_ROWS), encoding);
      const result = book(readWorkbook(bytes, 'C:\\ครู\\โรงเรียน ก.csv', LIMITS));
      expect(result.format).toBe('csv');
      expect(result.sheets.map((s) => s.name)).toEqual(['โรงเรียน ก']);
      expect(result.sheets[0]!.rows.slice(0, 3)).toEqual(THAI_ROWS);
    },
  );

  test('when CSV fields are quoted with commas inside then they stay one cell', () => {
    const bytes = encodeText('ชื่อ,ที่อยู่\r\nสมชาย,"1 ถนน ก, เขต ข"\r\n', 'utf-8');
    expect(book(readWorkbook(bytes, 'a.csv', LIMITS)).sheets[0]!.rows[1]).toEqual([
      'สมชาย',
      '1 ถนน ก, เขต ข',
    ]);
  });

  test('when a CSV has an ID with a leading zero then it stays text', () => {
    const bytes = encodeText('เลขประจำตัวประชาชน\r\n0103702488994\r\n', 'utf-8');
    expect(book(readWorkbook(bytes, 'a.csv', LIMITS)).sheets[0]!.rows[1]).toEqual(['0103702488994']);
  });

  test('when a text file has a .xlsx name then it is still read as CSV', () => {
    const bytes = encodeText(csvText(THAI_ROWS), 'utf-8');
    expect(book(readWorkbook(bytes, 'roster.xlsx', LIMITS)).format).toBe('csv');
  });
});
