import * as XLSX from 'xlsx';
import type { CellValue } from '../cell-value.ts';
import { textBreach, widthBreach, type CellBreach } from './cell-limits.ts';
import type { CellLimits, Sheet } from './workbook.ts';

export type { CellBreach } from './cell-limits.ts';

/** What SheetJS made of the bytes: sheets, a password, a sheet past the row cap or a cell limit, or nothing. */
export type SpreadsheetResult =
  | { readonly ok: true; readonly sheets: Sheet[] }
  | { readonly ok: false; readonly reason: 'encrypted' | 'unreadable' }
  | { readonly ok: false; readonly reason: 'too-many-rows'; readonly sheet: string; readonly rows: number }
  | { readonly ok: false; readonly reason: 'over-limit'; readonly breach: CellBreach };

/** Excel's error codes as SheetJS stores them, shown to the clerk as Excel shows them. */
const ERROR_TEXT: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

const UNKNOWN_ERROR = '#ERROR';
const ERROR_TEXTS: ReadonlySet<string> = new Set([...Object.values(ERROR_TEXT), UNKNOWN_ERROR]);

/** True for the text an Excel error value (`#REF!`, `#N/A`…) is read as. */
export function isExcelErrorText(value: CellValue): boolean {
  return typeof value === 'string' && value.charCodeAt(0) === 0x23 && ERROR_TEXTS.has(value.trim());
}

/**
 * Reads .xlsx, .xls (BIFF) or markup spreadsheets with SheetJS in dense mode, reading at most
 * `rowCap` rows per sheet so a huge sheet cannot exhaust memory. Numbers stay numbers (date cells
 * arrive as Excel serials, which the date parser reads), text stays text. Formulas are never
 * evaluated: a formula cell gives the value Excel saved with it. The cell limits are checked row
 * by row as the rows are copied out, before a row too wide is materialised. `rowsCounted` says the
 * rows holding values were counted before (an .xlsx): the sheet's declared extent, which Excel
 * stretches over formatted but empty rows, is then not taken for its rows.
 */
export function readSpreadsheet(
  bytes: Uint8Array,
  rowCap: number,
  limits: CellLimits,
  rowsCounted = false,
): SpreadsheetResult {
  let wb: XLSX.WorkBook;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    wb = XLSX.read(buffer, {
      type: 'buffer',
      dense: true,
      cellDates: false,
      cellText: false,
      cellHTML: false,
      sheetRows: rowCap,
    });
  } catch (error) {
    return { ok: false, reason: isPasswordError(error) ? 'encrypted' : 'unreadable' };
  }
  const sheets: Sheet[] = [];
  const budget = { cells: limits.maxCells };
  for (const [index, name] of wb.SheetNames.entries()) {
    const ws = wb.Sheets[name];
    if (!ws) continue;
    const fullRows = rowsCounted ? null : rowsPastCap(ws, rowCap);
    if (fullRows !== null) return { ok: false, reason: 'too-many-rows', sheet: name, rows: fullRows };
    const rows = denseRows(ws, name, limits, budget);
    if (!Array.isArray(rows)) return { ok: false, reason: 'over-limit', breach: rows as CellBreach };
    sheets.push({ name, hidden: Boolean(wb.Workbook?.Sheets?.[index]?.Hidden), rows });
  }
  return { ok: true, sheets };
}

/**
 * SheetJS says "File is password-protected" for an encrypted .xls (FILEPASS) or .xlsx. Its "ZIP
 * encryption" error is not Excel's password (Excel never encrypts the zip): that file is unreadable.
 */
function isPasswordError(error: unknown): boolean {
  return error instanceof Error && /password/iu.test(error.message);
}

/** SheetJS keeps the sheet's real extent in `!fullref` when `sheetRows` cut it short: its row count then. */
function rowsPastCap(ws: XLSX.WorkSheet, rowCap: number): number | null {
  const full = ws['!fullref'];
  if (typeof full !== 'string') return null;
  const lastRow = XLSX.utils.decode_range(full).e.r;
  return lastRow >= rowCap ? lastRow + 1 : null;
}

const EMPTY_ROW: readonly CellValue[] = Object.freeze([]);

/**
 * The sheet's rows as plain values, or the cell limit it breaks. The checks cost a comparison
 * per row (width, cells) and per text cell (length): nothing is searched or copied for them.
 */
function denseRows(
  ws: XLSX.WorkSheet,
  sheet: string,
  limits: CellLimits,
  budget: { cells: number },
): (readonly CellValue[])[] | CellBreach {
  const data = (ws['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
  const rows: (readonly CellValue[])[] = new Array<readonly CellValue[]>(data.length);
  for (let r = 0; r < data.length; r++) {
    const source = data[r];
    if (!source) {
      rows[r] = EMPTY_ROW;
      continue;
    }
    const tooWide = widthBreach(source.length, r, sheet, limits, budget);
    if (tooWide) return tooWide;
    const row = new Array<CellValue>(source.length);
    for (let c = 0; c < source.length; c++) row[c] = cellValue(source[c]);
    const tooLong = textBreach(row, r, sheet, limits);
    if (tooLong) return tooLong;
    rows[r] = row;
  }
  return rows;
}

function cellValue(cell: XLSX.CellObject | undefined): CellValue {
  if (!cell) return null;
  switch (cell.t) {
    case 'n':
      return typeof cell.v === 'number' ? cell.v : null;
    case 's':
      return typeof cell.v === 'string' ? cell.v : null;
    case 'b':
      return typeof cell.v === 'boolean' ? cell.v : null;
    case 'd':
      return cell.v instanceof Date ? cell.v : null;
    case 'e':
      return typeof cell.v === 'number' ? (ERROR_TEXT[cell.v] ?? UNKNOWN_ERROR) : UNKNOWN_ERROR;
    default:
      return null;
  }
}
