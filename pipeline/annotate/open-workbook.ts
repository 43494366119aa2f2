import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { decodeText } from '../read/decode-text.ts';
import { parseCsvSheet } from '../read/read-csv.ts';
import { baseName } from '../read/read-workbook.ts';
import { looksLikeMarkup, sniffContainer } from '../read/sniff-format.ts';
import { SUMMARY_SHEET } from './summary-sheet.ts';

/** Loads the clerk's file as an ExcelJS workbook, or throws when this way cannot read it. */
export type WorkbookOpener = () => Promise<ExcelJS.Workbook>;

const FORBIDDEN_SHEET_CHARS = /[[\]:*?/\\]/gu;
const MAX_SHEET_NAME = 31;

/**
 * The ways to open the clerk's file as an ExcelJS workbook, best first. The container is sniffed
 * from the bytes as the reader does. An .xlsx is loaded as is, keeping its styles and comments; when
 * ExcelJS cannot load or write it, a SheetJS copy (values, formats, sheets) is tried next. .xls and
 * markup "xls" go through SheetJS; CSV is parsed by the reader's own CSV parser so every cell
 * address an issue names points at the same cell, and every value stays the text it was.
 */
export function workbookOpeners(bytes: Uint8Array, fileName: string): WorkbookOpener[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (sniffContainer(bytes)) {
    case 'zip':
      return [() => loadXlsx(buffer), () => loadViaSheetJs(buffer)];
    case 'cfb':
      return [() => loadViaSheetJs(buffer)];
    case 'text': {
      const { text } = decodeText(bytes);
      if (looksLikeMarkup(text)) return [() => loadViaSheetJs(buffer)];
      return [() => Promise.resolve(csvWorkbook(text, fileName))];
    }
    case 'empty':
    case 'binary':
      return [];
  }
}

async function loadXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  // ExcelJS's declared Buffer type lags behind @types/node's generic Buffer.
  await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return book;
}

/** Reads with SheetJS (which knows .xls) and rewrites as .xlsx, keeping number formats. */
async function loadViaSheetJs(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const source = XLSX.read(buffer, { type: 'buffer', cellNF: true, cellDates: false, cellStyles: true });
  const xlsx = XLSX.write(source, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  return loadXlsx(xlsx);
}

/** The file was read within the cell limits before it is annotated: no need to check them again. */
const UNBOUNDED = { maxColumns: Infinity, maxCells: Infinity, maxCellChars: Infinity } as const;

/** One sheet, named as the reader names a CSV's sheet, holding every field as text. */
function csvWorkbook(text: string, fileName: string): ExcelJS.Workbook {
  const parsed = parseCsvSheet(text, baseName(fileName), Number.POSITIVE_INFINITY, UNBOUNDED);
  const book = new ExcelJS.Workbook();
  const name = excelSheetName(baseName(fileName));
  // The summary sheet replaces a sheet of its name; a CSV's only sheet must not be taken for one.
  const sheet = book.addWorksheet(name === SUMMARY_SHEET ? `${name} (ข้อมูล)` : name);
  if (!parsed.ok) return book;
  parsed.sheet.rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (typeof value === 'string' && value !== '') sheet.getCell(r + 1, c + 1).value = value;
    });
  });
  return book;
}

/** A name Excel accepts: no `[]:*?/\`, no edge apostrophes, at most 31 characters. */
export function excelSheetName(name: string): string {
  const cleaned = name
    .replace(FORBIDDEN_SHEET_CHARS, '_')
    .replace(/^'+|'+$/gu, '')
    .slice(0, MAX_SHEET_NAME)
    .trim();
  return cleaned === '' ? 'Sheet1' : cleaned;
}
