import type { ZipLimits } from './zip-guard.ts';
import type { CellValue } from '../cell-value.ts';
import type { Issue } from '../issues/issue.ts';

/** The container a file arrived in, as sniffed from its bytes. */
export type WorkbookFormat = 'xlsx' | 'xls' | 'csv';

/** One sheet as plain values: `rows[i]` is Excel row i+1, cells 0-based (A = 0). Rows may be sparse. */
export interface Sheet {
  readonly name: string;
  readonly hidden: boolean;
  readonly rows: readonly (readonly CellValue[])[];
}

/** A file reduced to its sheets: what every later stage reads, whatever the container was. */
export interface Workbook {
  readonly format: WorkbookFormat;
  readonly sheets: readonly Sheet[];
}

/** Bounds on the cells of a file, checked before or as they are materialised. */
export interface CellLimits {
  /** Columns a sheet row may reach (A = 1). */
  readonly maxColumns: number;
  /** Value cells in the whole file, and entries of an .xlsx's shared-string table. */
  readonly maxCells: number;
  /** Characters one text cell may hold (Excel's own limit is 32,767). */
  readonly maxCellChars: number;
}

/** The defaults of `SIS_MAX_COLUMNS`, `SIS_MAX_CELLS` and `SIS_MAX_CELL_CHARS`. */
export const DEFAULT_CELL_LIMITS: CellLimits = {
  maxColumns: 1024,
  maxCells: 1_500_000,
  maxCellChars: 32_767,
};

/** Upload bounds, from configuration. */
export interface ReadLimits {
  readonly maxBytes: number;
  /** Data rows a sheet may hold (title and header rows are not counted). */
  readonly maxRows: number;
  /** Bounds on an .xlsx container, checked before it is inflated. */
  readonly zip: ZipLimits;
  /** Bounds on cells ({@link DEFAULT_CELL_LIMITS} when absent). */
  readonly cells?: CellLimits;
}

/** A workbook, or the one file-level issue that stopped reading. */
export type ReadResult =
  { readonly ok: true; readonly book: Workbook } | { readonly ok: false; readonly issue: Issue };

/** How many rows from the top a roster's header row may sit in. */
export const HEADER_SEARCH_ROWS = 20;
/** How many rows from the top an info sheet's labels may sit in. */
export const INFO_SEARCH_ROWS = 30;
