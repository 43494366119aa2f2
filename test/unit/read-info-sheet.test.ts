import { describe, expect, test } from 'vitest';
import type { CellValue } from '../../pipeline/cell-value.ts';
import { makeIssue } from '../../pipeline/issues/issue.ts';
import { readInfoSheet } from '../../pipeline/read/read-info-sheet.ts';
import type { Workbook } from '../../pipeline/read/workbook.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';

const info = SIS_STUDENTS.info;
const workbook = (name: string, rows: CellValue[][]): Workbook => ({
  format: 'xlsx',
  sheets: [{ name, hidden: false, rows }],
});

describe('reading the info sheet', () => {
  test('when labels stand in column A with values in B and key hints in C then values are read from B', () => {
    const rows: CellValue[][] = [
      ['รหัสสถานศึกษา', '1234567890', 'institution_code'],
      ['ปีการศึกษา', 2562, 'academic_year'],
      ['ภาคเรียนที่', null, 'term'],
    ];
    const result = readInfoSheet(workbook('ข้อมูลสถานศึกษา', rows), info);
    expect(result).toEqual({
      ok: true,
      info: {
        sheet: 'ข้อมูลสถานศึกษา',
        values: {
          institution_code: { value: '1234567890', cell: 'B1', row: 1, label: 'รหัสสถานศึกษา' },
          academic_year: { value: 2562, cell: 'B2', row: 2, label: 'ปีการศึกษา' },
          term: { value: null, cell: 'B3', row: 3, label: 'ภาคเรียนที่' },
        },
      },
    });
  });

  test('when labels are anywhere in the first rows, as aliases or English keys, then the next value to the right is read', () => {
    const rows: CellValue[][] = [
      ['แบบฟอร์มข้อมูลนักเรียน'],
      [null, 'รหัสโรงเรียน:', null, '1234567890'],
      [null, 'Academic_Year', '2562', 'ภาคเรียน', '2'],
    ];
    const result = readInfoSheet(workbook('Sheet1', rows), info);
    expect(result.ok && result.info.values).toEqual({
      institution_code: { value: '1234567890', cell: 'D2', row: 2, label: 'รหัสโรงเรียน:' },
      academic_year: { value: '2562', cell: 'C3', row: 3, label: 'Academic_Year' },
      term: { value: '2', cell: 'E3', row: 3, label: 'ภาคเรียน' },
    });
  });

  test('when a value is blank before another label then that label is not taken as its value', () => {
    const rows: CellValue[][] = [['ปีการศึกษา', null, 'ภาคเรียนที่', 2]];
    const result = readInfoSheet(workbook('ข้อมูลสถานศึกษา', rows), info);
    expect(result.ok && result.info.values.academic_year).toEqual({
      value: null,
      cell: 'B1',
      row: 1,
      label: 'ปีการศึกษา',
    });
  });

  test('when no sheet has the name or labels then it is file/sheet-missing', () => {
    expect(readInfoSheet(workbook('Sheet1', [['x']]), info)).toEqual({
      ok: false,
      issues: [makeIssue('file/sheet-missing', { sheet: 'ข้อมูลสถานศึกษา', detail: 'ข้อมูลสถานศึกษา' })],
    });
  });
});
