import type { FieldDef } from '../../templates/fields.ts';
import type { ColumnRef, LocatedTable } from '../read/located-table.ts';

/** What locating an issue in a table needs: the sheet, where each field's column is, the fields. */
export interface TableContext {
  readonly sheet: string;
  readonly columns: Readonly<Record<string, ColumnRef>>;
  readonly fields: ReadonlyMap<string, FieldDef>;
}

/** The context of a located table read with a list of fields. */
export function tableContext(table: LocatedTable, fields: readonly FieldDef[]): TableContext {
  return { sheet: table.sheet, columns: table.columns, fields: new Map(fields.map((f) => [f.key, f])) };
}
