import * as XLSX from 'xlsx';
import type { CellValue } from '../cell-value.ts';
import type { Sheet } from './workbook.ts';

/** What SheetJS made of the bytes: sheets, a password, a sheet past the row cap, or nothing. */
export type SpreadsheetResult =
  | { readonly ok: true; readonly sheets: Sheet[] }
  | { readonly ok: false; readonly reason: 'encrypted' | 'unreadable' | 'too-many-rows' };

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

/**
 * Reads .xlsx, .xls (BIFF) or markup spreadsheets with SheetJS in dense mode, reading at most
 * `rowCap` rows per sheet so a huge sheet cannot exhaust memory. Numbers stay numbers (date cells
 * arrive as Excel serials, which the date parser reads), text stays text.
 */
export function readSpreadsheet(bytes: Uint8Array, rowCap: number): SpreadsheetResult {
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
  for (const [index, name] of wb.SheetNames.entries()) {
    const ws = wb.Sheets[name];
    if (!ws) continue;
    if (reachesPastCap(ws, rowCap)) return { ok: false, reason: 'too-many-rows' };
    sheets.push({ name, hidden: Boolean(wb.Workbook?.Sheets?.[index]?.Hidden), rows: denseRows(ws) });
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

/** SheetJS keeps the sheet's real extent in `!fullref` when `sheetRows` cut it short. */
function reachesPastCap(ws: XLSX.WorkSheet, rowCap: number): boolean {
  const full = ws['!fullref'];
  return typeof full === 'string' && XLSX.utils.decode_range(full).e.r >= rowCap;
}

const EMPTY_ROW: readonly CellValue[] = Object.freeze([]);

function denseRows(ws: XLSX.WorkSheet): (readonly CellValue[])[] {
  const data = (ws['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
  const rows: (readonly CellValue[])[] = new Array<readonly CellValue[]>(data.length);
  for (let r = 0; r < data.length; r++) {
    const source = data[r];
    if (!source) {
      rows[r] = EMPTY_ROW;
      continue;
    }
    const row = new Array<CellValue>(source.length);
    for (let c = 0; c < source.length; c++) row[c] = cellValue(source[c]);
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
      return typeof cell.v === 'number' ? (ERROR_TEXT[cell.v] ?? '#ERROR') : '#ERROR';
    default:
      return null;
  }
}
