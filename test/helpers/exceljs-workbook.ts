/**
 * Builds filled template workbooks with ExcelJS, a library the reader under test does not use, so
 * a test's workbook is written the way Excel would write it and not the way the reader reads it.
 * Cells keep their type: a number stays a number cell, a Date a date cell, text a text cell.
 */
import ExcelJS from 'exceljs';
import type { TemplateDef } from '../../templates/definitions.ts';

export type ExcelCell = string | number | Date | null;
export type ExcelRecord = Readonly<Record<string, ExcelCell>>;

export interface ExcelTemplateSpec {
  /** Info values by field key (institution_code, academic_year, term …). */
  readonly info: ExcelRecord;
  /** Roster rows by field key, written under the template's Thai headers from row 2. */
  readonly rows: readonly ExcelRecord[];
}

/** A filled workbook laid out as the blank template: info sheet, roster sheet, hidden stamp. */
export async function writeExcelTemplate(
  template: TemplateDef,
  spec: ExcelTemplateSpec,
): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const info = book.addWorksheet(template.info.name);
  for (const f of template.info.fields) info.addRow([f.th, spec.info[f.key] ?? null, f.key]);
  const roster = book.addWorksheet(template.roster.sheet);
  const columns = template.roster.columns;
  roster.addRow(columns.map((c) => c.th));
  for (const record of spec.rows) roster.addRow(columns.map((c) => record[c.key] ?? null));
  const stamp = book.addWorksheet('_template', { state: 'hidden' });
  stamp.addRow([template.id, template.version]);
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** The Excel column letter of a roster field (A for the first column). */
export function rosterColumn(template: TemplateDef, key: string): string {
  const index = template.roster.columns.findIndex((c) => c.key === key);
  if (index < 0) throw new Error(`no roster column ${key}`);
  return String.fromCharCode(65 + index);
}
