import Papa from 'papaparse';
import type { CellValue } from '../cell-value.ts';
import type { Sheet } from './workbook.ts';

/** A CSV parsed into one sheet, or the sign that it holds rows beyond the cap. */
export type CsvSheetResult =
  { readonly ok: true; readonly sheet: Sheet } | { readonly ok: false; readonly tooManyRows: true };

/**
 * Parses decoded CSV text (comma, semicolon or tab, detected by papaparse) into one sheet named
 * `name`. Every cell stays text: a CSV cannot say a value was a number, so `0812…` keeps its zero.
 * Rows past `rowCap` that hold anything make the sheet too long.
 */
export function parseCsvSheet(text: string, name: string, rowCap: number): CsvSheetResult {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, dynamicTyping: false });
  const rows = parsed.data as CellValue[][];
  for (let i = rowCap; i < rows.length; i++) {
    if (rows[i]!.some((cell) => typeof cell === 'string' && cell.trim() !== ''))
      return { ok: false, tooManyRows: true };
  }
  if (rows.length > rowCap) rows.length = rowCap;
  return { ok: true, sheet: { name, hidden: false, rows } };
}
