import Papa from 'papaparse';
import type { CellValue } from '../cell-value.ts';
import { cellAddress } from '../issues/issue.ts';
import type { CellBreach } from './read-spreadsheet.ts';
import type { CellLimits, Sheet } from './workbook.ts';

/** A CSV parsed into one sheet, the sign that it holds rows beyond the cap, or the cell limit it breaks. */
export type CsvSheetResult =
  | { readonly ok: true; readonly sheet: Sheet }
  | { readonly ok: false; readonly tooManyRows: number }
  | { readonly ok: false; readonly breach: CellBreach };

/**
 * Parses decoded CSV text (comma, semicolon or tab, detected by papaparse) into one sheet named
 * `name`. Every cell stays text: a CSV cannot say a value was a number, so `0812…` keeps its zero.
 * Line endings may be mixed; a line break inside a quoted cell is read as `\n`.
 * Rows past `rowCap` that hold anything make the sheet too long; rows wider than `maxColumns`,
 * more cells than `maxCells` or a cell longer than `maxCellChars` break a cell limit.
 */
export function parseCsvSheet(
  text: string,
  name: string,
  rowCap: number,
  limits: CellLimits,
): CsvSheetResult {
  // papaparse takes one line ending for the whole text, guessed from its start; a file whose lines
  // end in a mix (\r\n, \n, \r: pieces pasted together on different machines) is read with one.
  const lines = text.includes('\r') ? text.replace(/\r\n?/gu, '\n') : text;
  const parsed = Papa.parse<string[]>(lines, {
    header: false,
    skipEmptyLines: false,
    dynamicTyping: false,
    newline: '\n',
  });
  const rows = parsed.data as CellValue[][];
  for (let i = rowCap; i < rows.length; i++) {
    if (!isBlank(rows[i]!)) return { ok: false, tooManyRows: lastFilledRow(rows) };
  }
  if (rows.length > rowCap) rows.length = rowCap;
  const breach = cellBreach(rows, name, limits, text.length > limits.maxCellChars);
  if (breach) return { ok: false, breach };
  return { ok: true, sheet: { name, hidden: false, rows } };
}

function isBlank(row: readonly CellValue[]): boolean {
  return !row.some((cell) => typeof cell === 'string' && cell.trim() !== '');
}

/** The 1-based number of the last row holding anything. */
function lastFilledRow(rows: readonly (readonly CellValue[])[]): number {
  let last = rows.length;
  while (last > 0 && isBlank(rows[last - 1]!)) last--;
  return last;
}

/** The first cell limit the rows break; cell lengths are looked at only when the text could hold a long one. */
function cellBreach(
  rows: readonly (readonly CellValue[])[],
  sheet: string,
  limits: CellLimits,
  checkLength: boolean,
): CellBreach | undefined {
  let cells = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0] === '') continue; // a blank line, or the final line break
    if (row.length > limits.maxColumns)
      return { limit: 'maxColumns', sheet, cell: cellAddress(row.length - 1, r + 1), value: row.length };
    cells += row.length;
    if (cells > limits.maxCells)
      return { limit: 'maxCells', sheet, cell: cellAddress(row.length - 1, r + 1), value: cells };
    if (!checkLength) continue;
    const long = row.findIndex((cell) => typeof cell === 'string' && cell.length > limits.maxCellChars);
    if (long >= 0)
      return {
        limit: 'maxCellChars',
        sheet,
        cell: cellAddress(long, r + 1),
        value: String(row[long]).length,
      };
  }
  return undefined;
}
