import type ExcelJS from 'exceljs';
import type { TemplateLookups } from './lookups.ts';
import { addColumnValidations, createListFormula } from './field-validation.ts';
import type { TableDef } from './fields.ts';
import {
  REGISTRY_INSTITUTIONS,
  REGISTRY_LAOS,
  REGISTRY_OTHER_SCHOOLS,
  REGISTRY_VERSION,
} from './registry.ts';
import {
  BLANK_DATA_ROWS,
  addStampSheet,
  addTableSheet,
  createWorkbook,
  finishWorkbook,
  type WrittenWorkbook,
} from './workbook-parts.ts';

/** The template id stamped on registry workbooks. */
export const REGISTRY_TEMPLATE_ID = 'registry';

/** One registry record keyed by column key (`lao_code`, `lao_name` …); missing keys stay empty. */
export type RegistryRow = Readonly<Record<string, string | number | null | undefined>>;

export interface RegistryRows {
  readonly laos: readonly RegistryRow[];
  readonly institutions: readonly RegistryRow[];
  readonly otherSchools: readonly RegistryRow[];
}

/**
 * Writes the registry workbook: one sheet per registry table with Thai headers, dropdowns on the
 * type, kind and status columns, text-formatted codes, and the given rows (blank without them).
 */
export async function writeRegistryWorkbook(
  reference: TemplateLookups,
  rows?: RegistryRows,
): Promise<Buffer> {
  return (await renderRegistryWorkbook(reference, rows)).bytes;
}

/** {@link writeRegistryWorkbook}, also naming the sheets written (for the CLI's report). */
export async function renderRegistryWorkbook(
  reference: TemplateLookups,
  rows?: RegistryRows,
): Promise<WrittenWorkbook> {
  const book = createWorkbook('ทะเบียน อปท. สถานศึกษา และโรงเรียนสังกัดอื่น');
  const tables: ReadonlyArray<readonly [TableDef, readonly RegistryRow[]]> = [
    [REGISTRY_LAOS, rows?.laos ?? []],
    [REGISTRY_INSTITUTIONS, rows?.institutions ?? []],
    [REGISTRY_OTHER_SCHOOLS, rows?.otherSchools ?? []],
  ];
  const sheets = tables.map(([table, data]) => fillTableSheet(addTableSheet(book, table), table, data));
  const listFormula = createListFormula(book);
  tables.forEach(([table, data], index) => {
    // Dropdowns reach a blank template's worth of rows below the data, for additions by hand.
    addColumnValidations(
      sheets[index]!,
      table.columns,
      data.length + BLANK_DATA_ROWS + 1,
      reference,
      listFormula,
    );
  });
  addStampSheet(book, REGISTRY_TEMPLATE_ID, REGISTRY_VERSION);
  return finishWorkbook(book);
}

function fillTableSheet(
  sheet: ExcelJS.Worksheet,
  table: TableDef,
  data: readonly RegistryRow[],
): ExcelJS.Worksheet {
  const keys = table.columns.map((c) => c.key);
  sheet.addRows(data.map((row) => keys.map((key) => row[key] ?? null)));
  return sheet;
}
