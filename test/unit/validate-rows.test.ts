import { beforeAll, describe, expect, test } from 'vitest';
import type { CellValue } from '../../pipeline/cell-value.ts';
import { makeIssue } from '../../pipeline/issues/issue.ts';
import type { LocatedTable } from '../../pipeline/read/located-table.ts';
import { loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import { parseCount } from '../../pipeline/validate/parse-count.ts';
import { validateRows } from '../../pipeline/validate/validate-rows.ts';
import type { TableDef } from '../../templates/fields.ts';
import { OTHER_SCHOOLS, SIS_STUDENTS } from '../../templates/definitions.ts';

let reference: Reference;
beforeAll(async () => {
  reference = await loadReference(new URL('../../data', import.meta.url).pathname);
});

/** A located table with the template's columns in order (A, B, …) and rows from Excel row 2. */
function located(def: TableDef, rows: readonly Record<string, CellValue>[]): LocatedTable {
  const columns = Object.fromEntries(def.columns.map((c, index) => [c.key, { index, header: c.th }]));
  return {
    sheet: def.sheet,
    headerRow: 1,
    columns,
    rows: rows.map((r, i) => ({ row: i + 2, cells: def.columns.map((c) => r[c.key] ?? null) })),
  };
}

const PUPIL = {
  national_id: '1103702488992',
  prefix: 'ด.ช.',
  first_name: 'สมชาย',
  last_name: 'ใจดี',
  sex: 'ชาย',
  birth_date: '05/03/2555',
  grade: 'ป.1',
};

describe('validating pupil rows', () => {
  test('when every cell is good then the row is valid with parsed values', () => {
    const result = validateRows(
      located(SIS_STUDENTS.roster, [{ ...PUPIL, disability: '8 ออทิสติก', room: '๒' }]),
      SIS_STUDENTS.roster,
      reference,
    );
    expect(result.issues).toEqual([]);
    expect(result.rowsRejected).toBe(0);
    expect(result.valid[0]!.values).toEqual({
      national_id: { id: '1103702488992', kind: 'national-id' },
      prefix: 'ด.ช.',
      first_name: 'สมชาย',
      last_name: 'ใจดี',
      sex: 'M',
      birth_date: '2012-03-05',
      grade: 'ป.1',
      room: '2',
      nationality: null,
      disability: '8',
      disadvantage: null,
    });
  });

  test('when cells are bad then the row is rejected with one located issue per cell', () => {
    const row = {
      ...PUPIL,
      national_id: '1103702488993',
      last_name: '  ',
      birth_date: '31/02/2555',
      grade: 'ป.9',
      sex: 'x',
    };
    const result = validateRows(located(SIS_STUDENTS.roster, [row]), SIS_STUDENTS.roster, reference);
    const at = (cell: string, column: string, field: string, value: string) => ({
      sheet: 'นักเรียน',
      cell,
      row: 2,
      column,
      field,
      value,
    });
    expect(result.rowsRejected).toBe(1);
    expect(result.valid).toEqual([]);
    expect(result.issues).toEqual([
      makeIssue('cell/national-id-checksum', at('A2', 'เลขประจำตัวประชาชน', 'national_id', '1103702488993')),
      makeIssue('cell/required', at('D2', 'นามสกุล', 'last_name', '  ')),
      makeIssue('cell/date-unparseable', at('F2', 'วันเดือนปีเกิด', 'birth_date', '31/02/2555')),
      makeIssue('cell/grade-unknown', at('G2', 'ชั้น', 'grade', 'ป.9')),
    ]);
  });

  test('when cells raise warnings then the row stays valid and the warnings are located', () => {
    const row = { ...PUPIL, national_id: 103702488994, prefix: 'คุณ', birth_date: '5/3/2012' };
    const result = validateRows(located(SIS_STUDENTS.roster, [row]), SIS_STUDENTS.roster, reference);
    expect(result.valid).toHaveLength(1);
    expect(result.issues).toEqual([
      makeIssue('cell/id-stored-as-number', {
        sheet: 'นักเรียน',
        cell: 'A2',
        row: 2,
        column: 'เลขประจำตัวประชาชน',
        field: 'national_id',
        value: 103702488994,
      }),
      makeIssue('cell/prefix-unknown', {
        sheet: 'นักเรียน',
        cell: 'B2',
        row: 2,
        column: 'คำนำหน้า',
        field: 'prefix',
        value: 'คุณ',
      }),
      makeIssue('cell/date-era-assumed', {
        sheet: 'นักเรียน',
        cell: 'F2',
        row: 2,
        column: 'วันเดือนปีเกิด',
        field: 'birth_date',
        value: '5/3/2012',
      }),
    ]);
  });

  test('when disability and disadvantage are a code, a Thai name, "code name" or "none" then they become codes', () => {
    const rows = [
      { ...PUPIL, disability: '8', disadvantage: 'เด็กยากจน' },
      { ...PUPIL, disability: 'ออทิสติก', disadvantage: '12. อื่น ๆ' },
      { ...PUPIL, disability: 'ไม่มี', disadvantage: '-' },
      { ...PUPIL, disability: 4, disadvantage: '11 เด็กกำพร้า' },
    ];
    const result = validateRows(located(SIS_STUDENTS.roster, rows), SIS_STUDENTS.roster, reference);
    expect(result.valid.map((r) => [r.values.disability, r.values.disadvantage])).toEqual([
      ['8', '1'],
      ['8', '12'],
      [null, null],
      ['4', '11'],
    ]);
  });

  test('when a disability is not in the list or its code and name disagree then the row stays valid with cell/option-unknown', () => {
    const rows = [
      { ...PUPIL, disability: 'ตาบอดสี' },
      { ...PUPIL, disability: '1 ออทิสติก' },
    ];
    const result = validateRows(located(SIS_STUDENTS.roster, rows), SIS_STUDENTS.roster, reference);
    expect(result.rowsRejected).toBe(0);
    expect(result.valid.map((r) => r.values.disability)).toEqual(['unknown', 'unknown']);
    expect(result.issues.map((i) => [i.code, i.severity, i.cell, i.value])).toEqual([
      ['cell/option-unknown', 'warning', 'J2', 'ตาบอดสี'],
      ['cell/option-unknown', 'warning', 'J3', '1 ออทิสติก'],
    ]);
  });

  test('when the sex cell is unreadable then the row stays valid with cell/sex-unknown and no sex', () => {
    const result = validateRows(
      located(SIS_STUDENTS.roster, [{ ...PUPIL, sex: 'x' }]),
      SIS_STUDENTS.roster,
      reference,
    );
    expect(result.rowsRejected).toBe(0);
    expect(result.valid[0]!.values.sex).toBeNull();
    expect(result.issues).toEqual([
      makeIssue('cell/sex-unknown', {
        sheet: 'นักเรียน',
        cell: 'E2',
        row: 2,
        column: 'เพศ',
        field: 'sex',
        value: 'x',
      }),
    ]);
  });

  test('when the prefix cell is blank then the schema lets it through for the name rules to fill', () => {
    const result = validateRows(
      located(SIS_STUDENTS.roster, [{ ...PUPIL, prefix: null }]),
      SIS_STUDENTS.roster,
      reference,
    );
    expect(result.issues).toEqual([]);
    expect(result.valid[0]!.values.prefix).toBeNull();
  });

  test('when an optional column is absent from the file then its value is null', () => {
    const table = located(SIS_STUDENTS.roster, [PUPIL]);
    const columns = Object.fromEntries(Object.entries(table.columns).filter(([key]) => key !== 'room'));
    const result = validateRows({ ...table, columns }, SIS_STUDENTS.roster, reference);
    expect(result.valid[0]!.values.room).toBeNull();
  });
});

describe('validating counts', () => {
  test('when counts are blank, "-", Thai digits or with separators then they are whole numbers', () => {
    const row = {
      school_code: 1010720001,
      school_name: 'รร.บ้านหนองบัว',
      affiliation: 'สพฐ.',
      k1_male: '-',
      k1_female: null,
      p1_male: '๑๒',
      p1_female: '1,024',
      p2_male: 7,
    };
    const result = validateRows(located(OTHER_SCHOOLS.roster, [row]), OTHER_SCHOOLS.roster, reference);
    expect(result.issues).toEqual([]);
    expect(result.valid[0]!.values).toMatchObject({
      school_code: '1010720001',
      k1_male: 0,
      k1_female: 0,
      p1_male: 12,
      p1_female: 1024,
      p2_male: 7,
    });
  });

  test('when a count is negative, fractional or text then it is cell/count-invalid', () => {
    expect(parseCount(-1)).toEqual({ ok: false, code: 'cell/count-invalid' });
    expect(parseCount(2.5)).toEqual({ ok: false, code: 'cell/count-invalid' });
    expect(parseCount('สิบ')).toEqual({ ok: false, code: 'cell/count-invalid' });
    expect(parseCount('12.0')).toEqual({ ok: true, value: 12, warnings: [] });
  });
});
