import type { CellValue } from '../cell-value.ts';

/** Where a field's column is in the file, and its header as the clerk wrote it. */
export interface ColumnRef {
  /** 0-based column index (A = 0). */
  readonly index: number;
  readonly header: string;
}

/** One non-blank data row: its Excel row number and its cells (0-based, as read). */
export interface DataRow {
  readonly row: number;
  readonly cells: readonly CellValue[];
}

/** A table found in a workbook: the sheet, the header row, the columns by field key, the data rows. */
export interface LocatedTable {
  readonly sheet: string;
  /** Excel row number of the header row. */
  readonly headerRow: number;
  /** Field key → column; optional fields whose column is absent are missing. */
  readonly columns: Readonly<Record<string, ColumnRef>>;
  readonly rows: readonly DataRow[];
}
