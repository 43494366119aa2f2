import type { CellValue } from '../cell-value.ts';
import type { Issue } from '../issues/issue.ts';
import type { Reference } from '../reference/reference.ts';
import type { DataRow, LocatedTable } from '../read/located-table.ts';
import type { TableDef } from '../../templates/fields.ts';
import type { FieldValue, RowValues } from './field-value.ts';
import { rowSchema, type RowInput } from './row-schema.ts';
import { tableContext, type TableContext } from './table-context.ts';
import { fieldIssue, zodIssuesToIssues } from './zod-issues.ts';

/** A row whose every cell passed its schema. */
export interface ValidRow {
  /** Excel row number. */
  readonly row: number;
  readonly cells: readonly CellValue[];
  readonly values: RowValues;
}

/** Valid rows, the issues of all rows, and the counts. */
export interface ValidationResult {
  readonly context: TableContext;
  readonly valid: ValidRow[];
  /** Cell errors (rows rejected) and warnings, in row order. */
  readonly issues: Issue[];
  readonly rowsTotal: number;
  readonly rowsRejected: number;
}

/**
 * Validates every data row of a located table against the table's row schema. A row with any
 * cell error is rejected with one issue per bad cell; the warnings of accepted rows are kept.
 */
export function validateRows(table: LocatedTable, def: TableDef, reference: Reference): ValidationResult {
  const { schema, fields } = rowSchema(def, reference);
  const context = tableContext(table, fields);
  const plan = fields.map((f) => [f.key, table.columns[f.key]?.index ?? -1] as const);
  const valid: ValidRow[] = [];
  const issues: Issue[] = [];
  let rowsRejected = 0;
  for (const dataRow of table.rows) {
    const input = rowInput(dataRow, plan);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      rowsRejected++;
      issues.push(...zodIssuesToIssues(parsed.error.issues, context, dataRow.row, input));
      continue;
    }
    const values: Record<string, FieldValue> = {};
    for (const [key] of plan) {
      const cell = parsed.data[key]!;
      values[key] = cell.value;
      for (const code of cell.warnings) issues.push(fieldIssue(code, context, dataRow.row, key, input[key]));
    }
    valid.push({ row: dataRow.row, cells: dataRow.cells, values });
  }
  return { context, valid, issues, rowsTotal: table.rows.length, rowsRejected };
}

function rowInput(dataRow: DataRow, plan: readonly (readonly [string, number])[]): RowInput {
  const input: RowInput = {};
  for (const [key, index] of plan) input[key] = index < 0 ? null : (dataRow.cells[index] ?? null);
  return input;
}
