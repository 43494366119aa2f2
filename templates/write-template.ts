import type ExcelJS from 'exceljs';
import { columnLetters } from './columns.ts';
import type { TemplateLookups } from './lookups.ts';
import type { TemplateDef } from './definitions.ts';
import {
  addColumnValidations,
  addRangeValidation,
  createListFormula,
  validationForField,
  type ListFormula,
} from './field-validation.ts';
import type { InfoSheetDef } from './fields.ts';
import { INSTRUCTIONS_SHEET, fieldHowTo, generalInstructions } from './instructions-th.ts';
import {
  BLANK_DATA_ROWS,
  addStampSheet,
  addTableSheet,
  createWorkbook,
  finishWorkbook,
  isTextKind,
  setHint,
  styleHeaderCell,
  type WrittenWorkbook,
} from './workbook-parts.ts';

/**
 * Writes the blank workbook of a template: instructions, the info sheet, the roster sheet with
 * dropdowns and text-formatted ID columns, and the hidden stamp. Same inputs, same bytes.
 */
export async function writeTemplateWorkbook(def: TemplateDef, reference: TemplateLookups): Promise<Buffer> {
  return (await renderTemplateWorkbook(def, reference)).bytes;
}

/** {@link writeTemplateWorkbook}, also naming the sheets written (for the CLI's report). */
export async function renderTemplateWorkbook(
  def: TemplateDef,
  reference: TemplateLookups,
): Promise<WrittenWorkbook> {
  const book = createWorkbook(def.titleTh);
  addInstructionsSheet(book, def, reference);
  const info = addInfoSheet(book, def.info);
  const roster = addTableSheet(book, def.roster);
  // Validations come after the visible sheets so a list sheet, if needed, follows them.
  const listFormula = createListFormula(book);
  addInfoValidations(info, def.info, reference, listFormula);
  addColumnValidations(roster, def.roster.columns, BLANK_DATA_ROWS + 1, reference, listFormula);
  addStampSheet(book, def.id, def.version);
  return finishWorkbook(book);
}

const INSTRUCTION_COLUMNS = [
  { key: 'sheet', th: 'แผ่นงาน', width: 22 },
  { key: 'cell', th: 'ช่อง/คอลัมน์', width: 12 },
  { key: 'header', th: 'หัวข้อ', width: 26 },
  { key: 'required', th: 'ต้องกรอก', width: 10 },
  { key: 'how', th: 'วิธีกรอก', width: 90 },
] as const;

function addInstructionsSheet(book: ExcelJS.Workbook, def: TemplateDef, reference: TemplateLookups): void {
  const sheet = book.addWorksheet(INSTRUCTIONS_SHEET);
  INSTRUCTION_COLUMNS.forEach((column, index) => {
    sheet.getColumn(index + 1).width = column.width;
  });
  const lines = generalInstructions(def);
  lines.forEach((line, index) => {
    sheet.getCell(index + 1, 1).value = line;
  });
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  const headerRow = sheet.getRow(lines.length + 1);
  INSTRUCTION_COLUMNS.forEach((column, index) => {
    styleHeaderCell(headerRow.getCell(index + 1), {
      key: column.key,
      th: column.th,
      kind: 'text',
      required: false,
    });
  });
  sheet.addRows([...infoInstructionRows(def, reference), ...rosterInstructionRows(def, reference)]);
}

function infoInstructionRows(def: TemplateDef, reference: TemplateLookups): string[][] {
  return def.info.fields.map((field, index) => [
    def.info.name,
    `B${index + 1}`,
    field.th,
    requiredTh(field.required),
    fieldHowTo(field, reference),
  ]);
}

function rosterInstructionRows(def: TemplateDef, reference: TemplateLookups): string[][] {
  return def.roster.columns.map((field, index) => [
    def.roster.sheet,
    columnLetters(index),
    field.th,
    requiredTh(field.required),
    fieldHowTo(field, reference),
  ]);
}

function requiredTh(required: boolean): string {
  return required ? 'ต้องกรอก' : 'ถ้ามี';
}

/** Label in A, the value cell in B (empty; text-formatted for codes), the English key in grey in C. */
function addInfoSheet(book: ExcelJS.Workbook, info: InfoSheetDef): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(info.name);
  sheet.getColumn(1).width = Math.max(18, ...info.fields.map((f) => f.th.length + 4));
  sheet.getColumn(2).width = 20;
  sheet.getColumn(3).width = 20;
  info.fields.forEach((field, index) => {
    const row = index + 1;
    const label = sheet.getCell(row, 1);
    label.value = field.th;
    label.font = { bold: field.required };
    if (field.note) label.note = field.note;
    const value = sheet.getCell(row, 2);
    value.border = { bottom: { style: 'thin' } };
    if (isTextKind(field.kind)) value.numFmt = '@';
    setHint(sheet.getCell(row, 3), field.key);
  });
  return sheet;
}

function addInfoValidations(
  sheet: ExcelJS.Worksheet,
  info: InfoSheetDef,
  reference: TemplateLookups,
  listFormula: ListFormula,
): void {
  info.fields.forEach((field, index) => {
    const validation = validationForField(field, reference, listFormula);
    if (validation) addRangeValidation(sheet, `B${index + 1}`, validation);
  });
}
