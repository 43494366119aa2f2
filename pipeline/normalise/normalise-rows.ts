import { ageOn } from '../dates/thai-date.ts';
import { cellAddress, isRowLevel, type Issue } from '../issues/issue.ts';
import type { Grade, Reference, Round } from '../reference/reference.ts';
import type { TableContext } from '../validate/table-context.ts';
import type { ValidationResult, ValidRow } from '../validate/validate-rows.ts';
import type { TemplateDef } from '../../templates/definitions.ts';
import { checkAgeGrade, checkBirthNotFuture, checkChildAge } from './age-checks.ts';
import { DuplicateIdTracker } from './duplicate-ids.ts';
import { checkGCode } from './g-code-checks.ts';
import { fieldIssue } from '../validate/zod-issues.ts';
import { otherCountRows } from './other-counts.ts';
import { normalisePersonNames } from './person-fields.ts';
import { personIdValue, textValue } from './row-values.ts';
import { emptyRows, type PersonRow, type SubmissionRows } from './submission-rows.ts';

/** What the cross-field rules need beyond the rows. */
export interface NormaliseContext {
  readonly reference: Reference;
  /** The file's BE academic year, when it could be read (age against grade). */
  readonly academicYear: number | null;
  /** The file's round, when resolved (reference-date checks, children's age). */
  readonly round: Round | null;
}

/** Warehouse rows, cross-field issues, and the valid rows a rule rejected. */
export interface NormaliseResult {
  /** The accepted rows in warehouse form; empty when there is no round (nothing can be loaded). */
  readonly rows: SubmissionRows;
  readonly issues: Issue[];
  /** Valid rows that a cross-field rule rejected. */
  readonly rowsRejected: number;
}

type PersonKind = 'pupils' | 'children';

/**
 * Applies the cross-field rules to validated rows and shapes them for the warehouse: names and
 * sex (see {@link normalisePersonNames}), birth date against the round's reference date, age
 * against grade, CDC age, the same ID twice in the file (among rows no other rule rejected);
 * other-school rows become long counts. Rules that need no round still run without one, so the
 * clerk sees every problem at once.
 */
export function normaliseRows(
  template: TemplateDef,
  validation: ValidationResult,
  ctx: NormaliseContext,
): NormaliseResult {
  if (template.id === 'other-schools') return normaliseOtherSchools(validation, ctx);
  return normalisePeople(template.id === 'sis-students' ? 'pupils' : 'children', validation, ctx);
}

/** Other-school rows become long counts; a school listed twice counts once (its first row). */
function normaliseOtherSchools(validation: ValidationResult, ctx: NormaliseContext): NormaliseResult {
  const table = validation.context;
  const rows = emptyRows();
  const issues: Issue[] = [];
  const firstRow = new Map<string, number>();
  for (const row of validation.valid) {
    const code = textValue(row.values, 'school_code') ?? '';
    const first = firstRow.get(code);
    if (first !== undefined) {
      issues.push(
        fieldIssue(
          'row/duplicate-school',
          table,
          row.row,
          'school_code',
          cellOf(row, table, 'school_code'),
          `ซ้ำกับแถว ${first}`,
        ),
      );
      continue;
    }
    firstRow.set(code, row.row);
    const codeColumn = table.columns.school_code;
    const schoolCell = codeColumn ? cellAddress(codeColumn.index, row.row) : null;
    if (ctx.round) rows.otherCounts.push(...otherCountRows(row, table.sheet, schoolCell));
  }
  return { rows, issues, rowsRejected: issues.length };
}

function normalisePeople(
  kind: PersonKind,
  validation: ValidationResult,
  ctx: NormaliseContext,
): NormaliseResult {
  const table = validation.context;
  const grades = new Map(ctx.reference.grades.map((g) => [g.code, g]));
  const duplicates = new DuplicateIdTracker(table);
  const rows = emptyRows();
  const issues: Issue[] = [];
  let rowsRejected = 0;
  for (const row of validation.valid) {
    const person = checkPerson(kind, row, table, ctx, grades, issues);
    const duplicate = person
      ? duplicates.check(person.national_id, row.row, cellOf(row, table, 'national_id'))
      : null;
    if (duplicate) issues.push(duplicate);
    if (!person || duplicate) rowsRejected++;
    else if (ctx.round) addRow(kind, rows, person, row, ctx.round);
  }
  return { rows, issues, rowsRejected };
}

function addRow(
  kind: PersonKind,
  rows: SubmissionRows,
  person: PersonRow,
  row: ValidRow,
  round: Round,
): void {
  // The person object gets the columns of its table itself: a spread copy per row costs more.
  if (kind === 'pupils') {
    const pupil = person as PersonRow & { grade: string; room: string | null };
    pupil.grade = textValue(row.values, 'grade') ?? '';
    pupil.room = textValue(row.values, 'room');
    rows.pupils.push(pupil);
  } else {
    const child = person as PersonRow & { age_group: number };
    child.age_group = ageOn(person.birth_date, round.reference_date);
    rows.children.push(child);
  }
}

/** Runs the person rules on one row, appending issues; the person columns, or null when rejected. */
function checkPerson(
  kind: PersonKind,
  row: ValidRow,
  table: TableContext,
  ctx: NormaliseContext,
  grades: ReadonlyMap<string, Grade>,
  issues: Issue[],
): PersonRow | null {
  const before = issues.length;
  const names = normalisePersonNames(row, table, issues);
  const birth = textValue(row.values, 'birth_date') ?? '';
  const add = (issue: Issue | null) => issue && issues.push(issue);
  const referenceDate = ctx.round?.reference_date;
  if (referenceDate) add(checkBirthNotFuture(row, table, birth, referenceDate));
  const grade = kind === 'pupils' ? grades.get(textValue(row.values, 'grade') ?? '') : undefined;
  if (grade && ctx.academicYear !== null) add(checkAgeGrade(row, table, birth, grade, ctx.academicYear));
  if (kind === 'children' && referenceDate && birth <= referenceDate)
    add(checkChildAge(row, table, ageOn(birth, referenceDate)));
  const id = personIdValue(row.values, 'national_id');
  if (id) {
    const at = { table, row: row.row, raw: cellOf(row, table, 'national_id') };
    issues.push(...checkGCode(id, at, ctx.academicYear, ctx.reference.provinces));
  }
  if (!names || !id) return null;
  for (let i = before; i < issues.length; i++) if (isRowLevel(issues[i]!)) return null;
  const idColumn = table.columns.national_id;
  return {
    sheet: table.sheet,
    row_number: row.row,
    id_cell: idColumn ? cellAddress(idColumn.index, row.row) : null,
    national_id: id.id,
    id_kind: id.kind,
    prefix: names.prefix,
    first_name: names.firstName,
    last_name: textValue(row.values, 'last_name') ?? '',
    sex: names.sex,
    birth_date: birth,
    nationality: textValue(row.values, 'nationality'),
    disability: textValue(row.values, 'disability'),
    disadvantage: textValue(row.values, 'disadvantage'),
  };
}

function cellOf(row: ValidRow, table: TableContext, key: string) {
  return row.cells[table.columns[key]?.index ?? -1] ?? null;
}
