import type { CellValue } from '../cell-value.ts';
import { cellAddress } from '../issues/issue.ts';
import type { CellLimits } from './workbook.ts';

/** A cell limit a sheet broke, where, and by how much. */
export interface CellBreach {
  readonly limit: keyof CellLimits;
  readonly sheet: string;
  /** The cell that broke it (the row's last cell for columns, the long cell for characters). */
  readonly cell: string | null;
  readonly value: number;
}

/**
 * The limit a row of `width` cells breaks (`r` 0-based), checked before the row is materialised:
 * too many columns, or more cells in the file than the budget left. Takes the row from the budget.
 */
export function widthBreach(
  width: number,
  r: number,
  sheet: string,
  limits: CellLimits,
  budget: { cells: number },
): CellBreach | null {
  if (width > limits.maxColumns)
    return { limit: 'maxColumns', sheet, cell: cellAddress(width - 1, r + 1), value: width };
  budget.cells -= width;
  if (budget.cells >= 0) return null;
  const counted = limits.maxCells - budget.cells;
  return { limit: 'maxCells', sheet, cell: cellAddress(width - 1, r + 1), value: counted };
}

/** The first text cell of the row longer than the limit allows. */
export function textBreach(
  row: readonly CellValue[],
  r: number,
  sheet: string,
  limits: CellLimits,
): CellBreach | null {
  for (let c = 0; c < row.length; c++) {
    const value = row[c];
    if (typeof value === 'string' && value.length > limits.maxCellChars)
      return { limit: 'maxCellChars', sheet, cell: cellAddress(c, r + 1), value: value.length };
  }
  return null;
}

/** The first breach in a sheet's rows, in the order a reader copying them out meets it. */
export function rowsBreach(
  rows: readonly (readonly CellValue[])[],
  sheet: string,
  limits: CellLimits,
  budget: { cells: number },
): CellBreach | null {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 0) continue;
    const breach = widthBreach(row.length, r, sheet, limits, budget) ?? textBreach(row, r, sheet, limits);
    if (breach) return breach;
  }
  return null;
}
