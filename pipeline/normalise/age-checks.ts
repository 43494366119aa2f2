import { ageOn, BE_OFFSET, type IsoDate } from '../dates/thai-date.ts';
import type { Issue } from '../issues/issue.ts';
import type { Grade } from '../reference/reference.ts';
import type { TableContext } from '../validate/table-context.ts';
import type { ValidRow } from '../validate/validate-rows.ts';
import { fieldIssue } from '../validate/zod-issues.ts';

/** Years an age may stray from a grade's expected age before a warning, and before an error. */
const AGE_GRADE_WARN = 2;
const AGE_GRADE_ERROR = 4;
/** The ages a child development centre counts. */
const CDC_MIN_AGE = 2;
const CDC_MAX_AGE = 5;

/** The day ages are compared with grades: 16 May of the academic year (its first school day). */
export function academicYearStart(academicYearBe: number): IsoDate {
  return `${academicYearBe - BE_OFFSET}-05-16`;
}

/** `cell/date-future` when the birth date lies after the round's reference date. */
export function checkBirthNotFuture(
  row: ValidRow,
  table: TableContext,
  birth: IsoDate,
  referenceDate: IsoDate,
): Issue | null {
  return birth > referenceDate
    ? birthIssue('cell/date-future', row, table, `วันอ้างอิง ${referenceDate}`)
    : null;
}

/**
 * Age at the start of the academic year against the grade's expected age: beyond ±2 years a
 * warning (`row/age-grade-mismatch`), beyond ±4 an error (`row/age-grade-impossible`).
 */
export function checkAgeGrade(
  row: ValidRow,
  table: TableContext,
  birth: IsoDate,
  grade: Grade,
  academicYearBe: number,
): Issue | null {
  const age = ageOn(birth, academicYearStart(academicYearBe));
  const gap = Math.abs(age - grade.expected_age);
  if (gap <= AGE_GRADE_WARN) return null;
  const detail = `อายุ ${age} ปี ชั้น ${grade.code} (ปกติ ${grade.expected_age} ปี)`;
  return birthIssue(
    gap > AGE_GRADE_ERROR ? 'row/age-grade-impossible' : 'row/age-grade-mismatch',
    row,
    table,
    detail,
  );
}

/** `row/age-out-of-range` when a CDC child's age at the reference date is outside 2–5. */
export function checkChildAge(row: ValidRow, table: TableContext, age: number): Issue | null {
  if (age >= CDC_MIN_AGE && age <= CDC_MAX_AGE) return null;
  return birthIssue('row/age-out-of-range', row, table, `อายุ ${age} ปี`);
}

function birthIssue(
  code: Parameters<typeof fieldIssue>[0],
  row: ValidRow,
  table: TableContext,
  detail: string,
): Issue {
  const raw = row.cells[table.columns.birth_date?.index ?? -1] ?? null;
  return fieldIssue(code, table, row.row, 'birth_date', raw, detail);
}
