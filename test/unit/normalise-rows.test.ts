import { beforeAll, describe, expect, test } from 'vitest';
import type { CellValue } from '../../pipeline/cell-value.ts';
import { makeIssue } from '../../pipeline/issues/issue.ts';
import { normaliseRows, type NormaliseContext } from '../../pipeline/normalise/normalise-rows.ts';
import type { LocatedTable } from '../../pipeline/read/located-table.ts';
import { findRound, loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import { validateRows } from '../../pipeline/validate/validate-rows.ts';
import { CCIS_CHILDREN, OTHER_SCHOOLS, SIS_STUDENTS, type TemplateDef } from '../../templates/definitions.ts';

let reference: Reference;
let ctx: NormaliseContext;
beforeAll(async () => {
  reference = await loadReference(new URL('../../data', import.meta.url).pathname);
  ctx = { reference, academicYear: 2562, round: findRound(reference, '2562-2')! };
});

function located(template: TemplateDef, rows: readonly Record<string, CellValue>[]): LocatedTable {
  const def = template.roster;
  return {
    sheet: def.sheet,
    headerRow: 1,
    columns: Object.fromEntries(def.columns.map((c, index) => [c.key, { index, header: c.th }])),
    rows: rows.map((r, i) => ({ row: i + 2, cells: def.columns.map((c) => r[c.key] ?? null) })),
  };
}

function normalise(
  template: TemplateDef,
  rows: readonly Record<string, CellValue>[],
  context: NormaliseContext = ctx,
) {
  const validation = validateRows(located(template, rows), template.roster, reference);
  expect(validation.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return normaliseRows(template, validation, context);
}

/** A pupil of ป.1 in 2562: six on 16 May 2019. */
const PUPIL = {
  national_id: '1103702488992',
  prefix: 'ด.ช.',
  first_name: 'สมชาย',
  last_name: 'ใจดี',
  sex: 'ชาย',
  birth_date: '05/03/2556',
  grade: 'ป.1',
};
const AT_SEX = { sheet: 'นักเรียน', cell: 'E2', row: 2, column: 'เพศ', field: 'sex' };
const AT_BIRTH = { sheet: 'นักเรียน', cell: 'F2', row: 2, column: 'วันเดือนปีเกิด', field: 'birth_date' };

describe('names and sex', () => {
  test('when the prefix is written into the first-name cell then it is split off', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, prefix: null, first_name: 'เด็กชาย สมชาย' }]);
    expect(result.issues).toEqual([]);
    expect(result.rows.pupils[0]).toMatchObject({ prefix: 'ด.ช.', first_name: 'สมชาย', sex: 'M' });
  });

  test('when the prefix is in both cells then the first name loses the copy', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, first_name: 'ด.ช.สมชาย' }]);
    expect(result.rows.pupils[0]).toMatchObject({ prefix: 'ด.ช.', first_name: 'สมชาย' });
  });

  test('when the prefix is blank and the name carries none then it is a warning and the pupil counts', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, prefix: null }]);
    expect(result.issues).toEqual([
      makeIssue('cell/prefix-missing', {
        sheet: 'นักเรียน',
        cell: 'B2',
        row: 2,
        column: 'คำนำหน้า',
        field: 'prefix',
      }),
    ]);
    expect(result.rowsRejected).toBe(0);
    expect(result.rows.pupils[0]).toMatchObject({ prefix: null, first_name: 'สมชาย', sex: 'M' });
  });

  test('when sex is blank then it comes from the prefix with a warning', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, prefix: 'เด็กหญิง', sex: null }]);
    expect(result.issues).toEqual([makeIssue('row/sex-from-prefix', { ...AT_SEX, value: 'ด.ญ.' })]);
    expect(result.rows.pupils[0]!.sex).toBe('F');
  });

  test('when prefix and sex disagree then the sex column is kept with a warning', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, prefix: 'ด.ญ.', sex: 'ชาย' }]);
    expect(result.issues).toEqual([
      makeIssue('row/prefix-sex-conflict', { ...AT_SEX, value: 'ชาย', detail: 'คำนำหน้า ด.ญ.' }),
    ]);
    expect(result.rows.pupils[0]!.sex).toBe('M');
  });

  test('when sex is blank and the prefix is not listed then the row is rejected with row/sex-missing', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, prefix: 'คุณ', sex: null }]);
    expect(result.issues).toEqual([makeIssue('row/sex-missing', AT_SEX)]);
    expect(result.rows.pupils).toEqual([]);
  });

  test('when the sex cell is unreadable and the prefix is gendered then the prefix gives the sex', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, prefix: 'ด.ญ.', sex: '?' }]);
    expect(result.issues.map((i) => [i.code, i.severity])).toEqual([['row/sex-from-prefix', 'warning']]);
    expect(result.rows.pupils[0]!.sex).toBe('F');
  });
});

describe('age and dates', () => {
  test('when the age is within 2 years of the grade then there is no issue', () => {
    expect(normalise(SIS_STUDENTS, [{ ...PUPIL, birth_date: '05/03/2554' }]).issues).toEqual([]);
  });

  test('when the age is 3–4 years off the grade then it is a warning', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, birth_date: '05/03/2553' }]);
    expect(result.issues).toEqual([
      makeIssue('row/age-grade-mismatch', {
        ...AT_BIRTH,
        value: '05/03/2553',
        detail: 'อายุ 9 ปี ชั้น ป.1 (ปกติ 6 ปี)',
      }),
    ]);
    expect(result.rows.pupils).toHaveLength(1);
  });

  test('when the age is more than 4 years off the grade then the row is rejected', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, birth_date: '05/03/2550' }]);
    expect(result.issues).toEqual([
      makeIssue('row/age-grade-impossible', {
        ...AT_BIRTH,
        value: '05/03/2550',
        detail: 'อายุ 12 ปี ชั้น ป.1 (ปกติ 6 ปี)',
      }),
    ]);
    expect(result.rowsRejected).toBe(1);
  });

  test('when the birth date is after the round reference date then the row is rejected', () => {
    const result = normalise(SIS_STUDENTS, [{ ...PUPIL, grade: 'อ.1', birth_date: '11/11/2562' }]);
    expect(result.issues[0]).toEqual(
      makeIssue('cell/date-future', { ...AT_BIRTH, value: '11/11/2562', detail: 'วันอ้างอิง 2019-11-10' }),
    );
    expect(result.rowsRejected).toBe(1);
  });

  test('when a CDC child is 2–5 at the reference date then age_group is the age', () => {
    const result = normalise(CCIS_CHILDREN, [{ ...PUPIL, birth_date: '11/11/2558' }]);
    expect(result.issues).toEqual([]);
    expect(result.rows.children[0]!.age_group).toBe(3);
  });

  test('when a CDC child is outside 2–5 then it is a warning and age_group keeps the real age', () => {
    const result = normalise(CCIS_CHILDREN, [{ ...PUPIL, birth_date: '10/11/2556' }]);
    expect(result.issues).toEqual([
      makeIssue('row/age-out-of-range', {
        ...AT_BIRTH,
        sheet: 'เด็ก',
        value: '10/11/2556',
        detail: 'อายุ 6 ปี',
      }),
    ]);
    expect(result.rows.children[0]!.age_group).toBe(6);
  });
});

describe('duplicates in one file', () => {
  test('when an ID appears three times then the second and third rows are rejected, naming the first', () => {
    const rows = [
      PUPIL,
      { ...PUPIL, first_name: 'สมศักดิ์' },
      { ...PUPIL, national_id: '3249800008341' },
      { ...PUPIL, national_id: '1-1037-02488-99-2' },
    ];
    const result = normalise(SIS_STUDENTS, rows);
    const at = (row: number, value: string) => ({
      sheet: 'นักเรียน',
      cell: `A${row}`,
      row,
      column: 'เลขประจำตัวประชาชน',
      field: 'national_id',
      value,
    });
    expect(result.issues).toEqual([
      makeIssue('row/duplicate-id', { ...at(3, '1103702488992'), detail: 'ซ้ำกับแถว 2' }),
      makeIssue('row/duplicate-id', { ...at(5, '1-1037-02488-99-2'), detail: 'ซ้ำกับแถว 2' }),
    ]);
    expect(result.rows.pupils.map((p) => p.row_number)).toEqual([2, 4]);
    expect(result.rowsRejected).toBe(2);
  });
});

describe('shapes for the warehouse', () => {
  test('when a pupil is accepted then the row has the pupils table columns', () => {
    const result = normalise(SIS_STUDENTS, [
      { ...PUPIL, room: '1/2', nationality: 'ไทย', disadvantage: 'เด็กยากจน' },
    ]);
    expect(result.rows.pupils).toEqual([
      {
        sheet: 'นักเรียน',
        row_number: 2,
        id_cell: 'A2',
        national_id: '1103702488992',
        id_kind: 'national-id',
        prefix: 'ด.ช.',
        first_name: 'สมชาย',
        last_name: 'ใจดี',
        sex: 'M',
        birth_date: '2013-03-05',
        grade: 'ป.1',
        room: '1/2',
        nationality: 'ไทย',
        disability: null,
        disadvantage: '1',
      },
    ]);
  });

  test('when other-school counts are given then they become grade × sex rows without zeros', () => {
    const row = {
      school_code: '1010720001',
      school_name: 'รร.บ้านหนองบัว',
      affiliation: 'สพฐ.',
      k1_male: 3,
      k1_female: '-',
      p6_female: 12,
    };
    const result = normalise(OTHER_SCHOOLS, [row]);
    const school = {
      sheet: 'โรงเรียนสังกัดอื่น',
      row_number: 2,
      school_cell: 'A2',
      school_code: '1010720001',
      school_name: 'รร.บ้านหนองบัว',
      affiliation: 'สพฐ.',
    };
    expect(result.rows.otherCounts).toEqual([
      { ...school, grade: 'อ.1', sex: 'M', pupils: 3 },
      { ...school, grade: 'ป.6', sex: 'F', pupils: 12 },
    ]);
  });

  test('when a school is listed twice then the second row is rejected at its code cell and counts once', () => {
    const row = { school_code: '1010720001', school_name: 'รร.บ้านหนองบัว', affiliation: 'สพฐ.', p1_male: 5 };
    const result = normalise(OTHER_SCHOOLS, [row, { ...row, p1_male: 7 }]);
    expect(result.issues).toEqual([
      makeIssue('row/duplicate-school', {
        sheet: 'โรงเรียนสังกัดอื่น',
        cell: 'A3',
        row: 3,
        column: 'รหัสโรงเรียน',
        field: 'school_code',
        value: '1010720001',
        detail: 'ซ้ำกับแถว 2',
      }),
    ]);
    expect(result.rowsRejected).toBe(1);
    expect(result.rows.otherCounts.map((c) => c.pupils)).toEqual([5]);
  });

  test('when there is no round then the round-free rules still run but no rows are shaped', () => {
    const result = normalise(SIS_STUDENTS, [PUPIL, PUPIL], { reference, academicYear: null, round: null });
    expect(result.issues.map((i) => i.code)).toEqual(['row/duplicate-id']);
    expect(result.rows.pupils).toEqual([]);
  });
});
