/**
 * Writes filled template workbooks with ExcelJS, independently of the reader under test (which
 * reads with SheetJS): an info sheet (label, value, key hint), the roster under the template's
 * Thai headers, and the hidden stamp sheet. IDs and codes are written as text cells.
 */
import ExcelJS from 'exceljs';
import { STAMP_SHEET, type TemplateDef } from '../../templates/definitions.ts';

export type RosterCell = string | number | null;
export type RosterRow = Readonly<Record<string, RosterCell>>;

export interface RosterFile {
  /** Info values by field key (institution_code or lao_code, academic_year, term …). */
  readonly info: Readonly<Record<string, RosterCell>>;
  readonly rows: readonly RosterRow[];
  /** The roster sheet's name when not the template's (the reader then finds it by its headers). */
  readonly rosterSheet?: string;
  /** Formula cells on the roster sheet, beside the table: address → formula (without `=`) and its cached result. */
  readonly formulas?: Readonly<
    Record<string, { readonly formula: string; readonly result: string | number }>
  >;
}

export async function writeRosterWorkbook(template: TemplateDef, file: RosterFile): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const info = book.addWorksheet(template.info.name);
  for (const f of template.info.fields) info.addRow([f.th, file.info[f.key] ?? null, f.key]);
  const roster = book.addWorksheet(file.rosterSheet ?? template.roster.sheet);
  roster.addRow(template.roster.columns.map((c) => c.th));
  for (const row of file.rows) roster.addRow(template.roster.columns.map((c) => row[c.key] ?? null));
  for (const [address, value] of Object.entries(file.formulas ?? {})) roster.getCell(address).value = value;
  const stamp = book.addWorksheet(STAMP_SHEET, { state: 'hidden' });
  stamp.addRow([template.id, template.version]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
