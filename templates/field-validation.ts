import type ExcelJS from 'exceljs';
import { PREFIXES, SEX_TH } from './vocabulary.ts';
import type { TemplateLookups } from './lookups.ts';
import type { FieldDef, FieldKind } from './fields.ts';

/** The hidden sheet holding dropdown lists too long to write inline. */
export const LIST_SHEET = 'รายการ';

/**
 * Excel calls a file corrupt when an inline list formula is longer than 255 characters. We hold
 * the formula to 255 UTF-8 bytes instead: Thai takes 3 bytes a letter, reference lists grow, and
 * a range works in every reader whichever way it counts.
 */
const INLINE_LIST_LIMIT_BYTES = 255;

/** The values a dropdown offers for a field kind, or undefined when the kind has no dropdown. */
export function choicesForKind(kind: FieldKind, reference: TemplateLookups): readonly string[] | undefined {
  switch (kind) {
    case 'sex':
      return [SEX_TH.M, SEX_TH.F];
    case 'prefix':
      return PREFIXES.map((p) => p.canonical);
    case 'grade':
      return reference.grades.map((g) => g.code);
    // Thai names, not codes: the reader accepts both, and a clerk recognises a name.
    case 'disability':
      return reference.disabilities.map((d) => d.name_th);
    case 'disadvantage':
      return reference.disadvantages.map((d) => d.name_th);
    case 'term':
      return ['1', '2'];
    case 'lao-type':
      return reference.laoTypes.map((t) => t.abbr_th);
    case 'institution-kind':
      return ['school', 'cdc'];
    case 'status':
      return ['open', 'closed'];
    default:
      return undefined;
  }
}

/** Turns a list of choices into a list-validation formula: inline when Excel allows it, else a range. */
export type ListFormula = (title: string, choices: readonly string[]) => string;

/**
 * A {@link ListFormula} for a workbook. Long lists (or ones with commas, which an inline list would
 * split) go to a column of the hidden {@link LIST_SHEET}, created on first use; a list already
 * written is reused.
 */
export function createListFormula(book: ExcelJS.Workbook): ListFormula {
  let sheet: ExcelJS.Worksheet | undefined;
  const written = new Map<string, string>();
  return (title, choices) => {
    const inline = `"${choices.join(',')}"`;
    if (
      Buffer.byteLength(inline, 'utf8') <= INLINE_LIST_LIMIT_BYTES &&
      !choices.some((c) => c.includes(',') || c.includes('"'))
    )
      return inline;
    const key = choices.join('\n');
    const existing = written.get(key);
    if (existing) return existing;
    sheet ??= book.addWorksheet(LIST_SHEET, { state: 'hidden' });
    const formula = writeListColumn(sheet, written.size + 1, title, choices);
    written.set(key, formula);
    return formula;
  };
}

function writeListColumn(
  sheet: ExcelJS.Worksheet,
  col: number,
  title: string,
  choices: readonly string[],
): string {
  // Prefixed so a reader hunting for the roster's headers never takes this sheet for it.
  sheet.getCell(1, col).value = `รายการ: ${title}`;
  sheet.getColumn(col).width = Math.max(12, ...choices.map((c) => c.length + 2));
  choices.forEach((choice, index) => {
    sheet.getCell(index + 2, col).value = choice;
  });
  const letter = sheet.getColumn(col).letter;
  return `'${LIST_SHEET}'!$${letter}$2:$${letter}$${choices.length + 1}`;
}

/** The Excel data validation for a field, or undefined when its kind has none. */
export function validationForField(
  field: FieldDef,
  reference: TemplateLookups,
  listFormula: ListFormula,
): ExcelJS.DataValidation | undefined {
  const choices = choicesForKind(field.kind, reference);
  if (choices) return listValidation(field, listFormula(field.th, choices));
  if (field.kind === 'count')
    return wholeValidation(0, undefined, 'กรอกจำนวนเต็มตั้งแต่ 0 ขึ้นไป (ไม่มีให้กรอก 0 หรือ -)');
  if (field.kind === 'year') return wholeValidation(2500, 2700, 'กรอกปี พ.ศ. 4 หลัก เช่น 2562');
  return undefined;
}

// Warnings, not stops: the reader also accepts other spellings (เด็กชาย, ช, "-" for 0), and a
// clerk who pastes one should be told, not blocked.
function listValidation(field: FieldDef, formula: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: field.th,
    error: 'กรุณาเลือกจากรายการ',
  };
}

function wholeValidation(min: number, max: number | undefined, message: string): ExcelJS.DataValidation {
  return {
    type: 'whole',
    operator: max === undefined ? 'greaterThanOrEqual' : 'between',
    formulae: max === undefined ? [min] : [min, max],
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: 'ตัวเลขไม่ถูกต้อง',
    error: message,
  };
}

interface DataValidationRanges {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

/**
 * Applies a validation to a whole range (`C2:C1001`) as one `<dataValidation>`. ExcelJS 4.4 has
 * this API but leaves it out of its typings; setting it cell by cell would create 1000 empty cells.
 */
export function addRangeValidation(
  sheet: ExcelJS.Worksheet,
  range: string,
  validation: ExcelJS.DataValidation,
): void {
  (sheet as unknown as { dataValidations: DataValidationRanges }).dataValidations.add(range, validation);
}

/** Adds each column's dropdown or number check to rows 2…lastRow of a table sheet. */
export function addColumnValidations(
  sheet: ExcelJS.Worksheet,
  columns: readonly FieldDef[],
  lastRow: number,
  reference: TemplateLookups,
  listFormula: ListFormula,
): void {
  columns.forEach((field, index) => {
    const validation = validationForField(field, reference, listFormula);
    if (!validation) return;
    const letter = sheet.getColumn(index + 1).letter;
    addRangeValidation(sheet, `${letter}2:${letter}${lastRow}`, validation);
  });
}
