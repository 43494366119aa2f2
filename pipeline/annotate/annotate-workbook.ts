import ExcelJS from 'exceljs';
import type { Issue } from '../issues/issue.ts';
import { baseName } from '../read/read-workbook.ts';
import { markCells, type MarkResult } from './cell-marks.ts';
import { replaceFormulasWithValues } from './formula-values.ts';
import { workbookOpeners, type WorkbookOpener } from './open-workbook.ts';
import { addSummarySheet, removeSummarySheet } from './summary-sheet.ts';

/** Marking stops here so a file with an error on every row stays quick to write and to open. */
export const MAX_ANNOTATED_CELLS = 5_000;

const NO_MARKS: MarkResult = { cellsWithIssues: 0, cellsMarked: 0 };

/**
 * Returns the clerk's own workbook as .xlsx with its problems shown where they are: each cell with
 * an issue filled red (an error) or yellow (warnings only) and a note giving the Thai message and
 * code of each, and a first sheet `ผลการตรวจสอบ` listing every issue. Values, sheets and their
 * order stay as they were; a formula becomes the value it showed (nothing of an uploaded file
 * runs in the Excel of whoever opens the copy). An .xls or CSV comes back as .xlsx; a file that
 * cannot be opened at all comes back as the summary sheet alone.
 */
export async function annotateWorkbook(
  bytes: Uint8Array,
  fileName: string,
  issues: readonly Issue[],
): Promise<Buffer> {
  for (const open of workbookOpeners(bytes, fileName)) {
    const book = await tryOpen(open);
    if (!book) continue;
    removeSummarySheet(book);
    replaceFormulasWithValues(book);
    const marks = markCells(book, issues, MAX_ANNOTATED_CELLS);
    addSummarySheet(book, { fileName, issues, marks });
    const written = await tryWrite(book);
    if (written) return written;
  }
  const book = new ExcelJS.Workbook();
  addSummarySheet(book, { fileName, issues, marks: NO_MARKS });
  return writeXlsx(book);
}

/** `roster.xls` → `roster.ตรวจสอบ.xlsx`: the clerk's name, marked, always an .xlsx. */
export function annotatedFileName(fileName: string): string {
  return `${baseName(fileName)}.ตรวจสอบ.xlsx`;
}

/** A file ExcelJS or SheetJS cannot read is the clerk's problem, already reported as an issue. */
async function tryOpen(open: WorkbookOpener): Promise<ExcelJS.Workbook | null> {
  try {
    return await open();
  } catch {
    return null;
  }
}

/** ExcelJS can load some files it cannot write back (shared formulas it misreads); the next way may. */
async function tryWrite(book: ExcelJS.Workbook): Promise<Buffer | null> {
  try {
    return await writeXlsx(book);
  } catch {
    return null;
  }
}

async function writeXlsx(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}
