import { describe, expect, test } from 'vitest';
import type { CellValue } from '../../pipeline/cell-value.ts';
import { makeIssue } from '../../pipeline/issues/issue.ts';
import { locateTable } from '../../pipeline/read/locate-table.ts';
import type { Sheet, Workbook } from '../../pipeline/read/workbook.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';

const roster = SIS_STUDENTS.roster;
const sheet = (name: string, rows: CellValue[][], hidden = false): Sheet => ({ name, hidden, rows });
const workbook = (...sheets: Sheet[]): Workbook => ({ format: 'xlsx', sheets });

const STANDARD_HEADER = roster.columns.map((c) => c.th);

describe('locating the roster table', () => {
  test('when the headers are as in the template then every column maps to its field', () => {
    const result = locateTable(workbook(sheet('นักเรียน', [STANDARD_HEADER, ['1103702488992']])), roster);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.sheet).toBe('นักเรียน');
    expect(result.table.headerRow).toBe(1);
    expect(result.table.columns.national_id).toEqual({ index: 0, header: 'เลขประจำตัวประชาชน' });
    expect(result.table.columns.disadvantage).toEqual({ index: 10, header: 'ความด้อยโอกาส' });
    expect(result.table.rows).toEqual([{ row: 2, cells: ['1103702488992'] }]);
    expect(result.issues).toEqual([]);
  });

  test('when columns are shuffled, renamed to aliases or English keys, spaced oddly and in Thai digits then they still map', () => {
    const header = [
      'ชั้น',
      'นามสกุล',
      ' First_Name ',
      'คำนำหน้าชื่อ',
      'เลขประจำตัวประชาชน\n(13 หลัก)',
      'วัน/เดือน/ปีเกิด',
      'เพ\u200Bศ',
    ];
    const result = locateTable(workbook(sheet('นักเรียน', [header, ['ป.1']])), roster);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.fromEntries(Object.entries(result.table.columns).map(([k, v]) => [k, v.index]))).toEqual({
      grade: 0,
      last_name: 1,
      first_name: 2,
      prefix: 3,
      national_id: 4,
      birth_date: 5,
      sex: 6,
    });
    expect(result.issues).toEqual([]);
  });

  test('when the header is on row 7 below title rows then it is found there and data starts on row 8', () => {
    const rows: CellValue[][] = [
      ['แบบรายงานข้อมูลนักเรียนรายบุคคล'],
      ['โรงเรียนเทศบาล ๑'],
      [],
      ['ปีการศึกษา', 2562],
      [],
      ['ข้อมูล ณ วันที่ 10 พฤศจิกายน 2562'],
      STANDARD_HEADER,
      ['1103702488992', 'ด.ช.'],
    ];
    const result = locateTable(workbook(sheet('นักเรียน', rows)), roster);
    expect(result.ok && result.table.headerRow).toBe(7);
    expect(result.ok && result.table.rows.map((r) => r.row)).toEqual([8]);
  });

  test('when there are extra and duplicate columns then each is a warning at its header cell and the first duplicate is read', () => {
    const header = ['ลำดับ', ...STANDARD_HEADER, 'ชื่อ', 'หมายเหตุ'];
    const result = locateTable(workbook(sheet('นักเรียน', [header, [1, '1103702488992']])), roster);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.columns.first_name).toEqual({ index: 3, header: 'ชื่อ' });
    expect(result.issues).toEqual([
      makeIssue('column/extra', { sheet: 'นักเรียน', cell: 'A1', row: 1, column: 'ลำดับ', value: 'ลำดับ' }),
      makeIssue('column/duplicate', {
        sheet: 'นักเรียน',
        cell: 'M1',
        row: 1,
        column: 'ชื่อ',
        field: 'first_name',
        value: 'ชื่อ',
      }),
      makeIssue('column/extra', { sheet: 'นักเรียน', cell: 'N1', row: 1, column: 'หมายเหตุ', value: 'หมายเหตุ' }),
    ]);
  });

  test('when a required column is missing then the table is not located and the Thai header is named', () => {
    const header = STANDARD_HEADER.filter((h) => h !== 'วันเดือนปีเกิด' && h !== 'ชั้น');
    const result = locateTable(workbook(sheet('นักเรียน', [header])), roster);
    expect(result).toEqual({
      ok: false,
      issues: [
        makeIssue('file/column-missing', { sheet: 'นักเรียน', field: 'birth_date', detail: 'วันเดือนปีเกิด' }),
        makeIssue('file/column-missing', { sheet: 'นักเรียน', field: 'grade', detail: 'ชั้น' }),
      ],
    });
  });

  test('when blank rows sit between data rows then they are skipped and row numbers stay Excel numbers', () => {
    const rows: CellValue[][] = [
      STANDARD_HEADER,
      ['1103702488992'],
      [],
      [null, '  ', null],
      ['3249800008341'],
    ];
    const result = locateTable(workbook(sheet('นักเรียน', rows)), roster);
    expect(result.ok && result.table.rows.map((r) => r.row)).toEqual([2, 5]);
  });

  test('when the roster sheet was renamed then the sheet carrying its headers is used', () => {
    const result = locateTable(
      workbook(sheet('คำอธิบาย', [['วิธีใช้']]), sheet('Sheet1', [STANDARD_HEADER])),
      roster,
    );
    expect(result.ok && result.table.sheet).toBe('Sheet1');
  });

  test('when no sheet carries the headers then the sheet is missing', () => {
    const result = locateTable(workbook(sheet('Sheet1', [['a', 'b']])), roster);
    expect(result).toEqual({
      ok: false,
      issues: [makeIssue('file/sheet-missing', { sheet: 'นักเรียน', detail: 'นักเรียน' })],
    });
  });
});
