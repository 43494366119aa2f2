import ExcelJS from 'exceljs';
import { STAMP_SHEET } from './definitions.ts';
import type { FieldDef, FieldKind, TableDef } from './fields.ts';
import { fixZipTimestamps } from './zip-timestamps.ts';

/** How many rows below the header carry dropdowns and formats in a blank sheet. */
export const BLANK_DATA_ROWS = 1000;

/**
 * Every file we write carries this date (properties and zip entries), so the same definition
 * always yields the same bytes: a blank template can be hashed, cached and diffed.
 */
export const FIXED_WORKBOOK_DATE = new Date(Date.UTC(2019, 9, 1));

/**
 * Kinds whose cells are formatted as text ('@'). IDs and codes keep their leading zeros; dates stay
 * as typed (`05/03/2555`) instead of being turned into a serial by the clerk's locale, which can
 * swap day and month.
 */
const TEXT_KINDS: ReadonlySet<FieldKind> = new Set(['person-id', 'code', 'date']);

const HEADER_FILL_REQUIRED = 'FFFFE699';
const HEADER_FILL_OPTIONAL = 'FFDDEBF7';
const HINT_GREY = 'FF808080';

/** A serialised workbook and the names of its sheets, in order. */
export interface WrittenWorkbook {
  readonly bytes: Buffer;
  readonly sheets: readonly string[];
}

/** True when a field's cells should hold text, never numbers or dates. */
export function isTextKind(kind: FieldKind): boolean {
  return TEXT_KINDS.has(kind);
}

/** A workbook with fixed, reproducible document properties. */
export function createWorkbook(title: string): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'sis-pipeline';
  book.lastModifiedBy = 'sis-pipeline';
  book.title = title;
  book.created = FIXED_WORKBOOK_DATE;
  book.modified = FIXED_WORKBOOK_DATE;
  return book;
}

/** Styles a header cell: bold on a fill whose colour tells required from optional columns. */
export function styleHeaderCell(cell: ExcelJS.Cell, field: FieldDef): void {
  cell.value = field.th;
  cell.font = { bold: true };
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  cell.fill = {
    type: 'pattern',
    pattern: 'solid',
    fgColor: { argb: field.required ? HEADER_FILL_REQUIRED : HEADER_FILL_OPTIONAL },
  };
  cell.border = { bottom: { style: 'thin' } };
  if (field.note) cell.note = field.note;
}

/**
 * Adds a table sheet: Thai headers in row 1 (styled, frozen, printed on every page), column widths,
 * and text format on ID, code and date columns so Excel keeps what the clerk types.
 */
export function addTableSheet(book: ExcelJS.Workbook, table: TableDef): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(table.sheet, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
  });
  table.columns.forEach((field, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = field.width ?? Math.max(10, field.th.length + 2);
    // The column style must be set before the header cell exists: new cells copy it.
    if (isTextKind(field.kind)) column.numFmt = '@';
    styleHeaderCell(sheet.getCell(1, index + 1), field);
  });
  return sheet;
}

/** Adds the hidden sheet that tells a reader which template and version a workbook was made from. */
export function addStampSheet(book: ExcelJS.Workbook, id: string, version: string): void {
  const sheet = book.addWorksheet(STAMP_SHEET, { state: 'hidden' });
  sheet.getCell('A1').value = id;
  sheet.getCell('B1').numFmt = '@';
  sheet.getCell('B1').value = version;
}

/** A grey cell: hints that are not data. */
export function setHint(cell: ExcelJS.Cell, text: string): void {
  cell.value = text;
  cell.font = { color: { argb: HINT_GREY }, italic: true };
}

/** Serialises a workbook to reproducible bytes and lists its sheets in order. */
export async function finishWorkbook(book: ExcelJS.Workbook): Promise<WrittenWorkbook> {
  const raw = await book.xlsx.writeBuffer();
  const bytes = fixZipTimestamps(Buffer.from(raw as ArrayBuffer), FIXED_WORKBOOK_DATE);
  return { bytes, sheets: book.worksheets.map((sheet) => sheet.name) };
}
