import type ExcelJS from 'exceljs';
import type { Issue, Severity } from '../issues/issue.ts';

/** The colours a marked cell is filled with. */
export const MARK_FILL: Readonly<Record<Severity, string>> = {
  error: 'FFFF0000',
  warning: 'FFFFFF00',
};

/** How a severity reads to the clerk. */
export const SEVERITY_TH: Readonly<Record<Severity, string>> = { error: 'ข้อผิดพลาด', warning: 'คำเตือน' };

const MAX_EXCEL_ROW = 1_048_576;
const MAX_EXCEL_COLUMN = 16_384;
const ADDRESS = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/u;

/** The issues that fall on one cell of one sheet. */
interface CellMark {
  readonly sheet: ExcelJS.Worksheet;
  readonly row: number;
  readonly column: number;
  readonly issues: Issue[];
}

export interface MarkResult {
  /** Cells that carry at least one issue, marked or not. */
  readonly cellsWithIssues: number;
  readonly cellsMarked: number;
}

/**
 * Fills each cell that has an issue red (any error) or yellow (warnings only) and adds a note
 * listing its issues, one line each, after any note the clerk wrote. An issue with a row but no
 * cell marks the row's first used cell (column A when the row is empty). Issues whose sheet or
 * place is not in the book are left to the summary sheet. At most `maxCells` cells are marked,
 * in the order their first issue comes.
 */
export function markCells(book: ExcelJS.Workbook, issues: readonly Issue[], maxCells: number): MarkResult {
  const marks = groupByCell(book, issues);
  let cellsMarked = 0;
  for (const mark of marks.values()) {
    if (cellsMarked >= maxCells) break;
    markCell(mark);
    cellsMarked += 1;
  }
  return { cellsWithIssues: marks.size, cellsMarked };
}

function groupByCell(book: ExcelJS.Workbook, issues: readonly Issue[]): Map<string, CellMark> {
  const marks = new Map<string, CellMark>();
  const sheets = book.worksheets;
  for (const issue of issues) {
    const sheet = findSheet(sheets, issue.sheet);
    const place = sheet ? issuePlace(sheet, issue) : null;
    if (!sheet || !place) continue;
    const key = `${sheet.id}:${place.row}:${place.column}`;
    const mark = marks.get(key);
    if (mark) mark.issues.push(issue);
    else marks.set(key, { sheet, ...place, issues: [issue] });
  }
  return marks;
}

/** The named sheet; a book of one sheet takes every issue (a CSV's sheet name is made up). */
function findSheet(sheets: readonly ExcelJS.Worksheet[], name: string | null): ExcelJS.Worksheet | undefined {
  const named = sheets.find((sheet) => sheet.name === name);
  if (named) return named;
  return sheets.length === 1 ? sheets[0] : undefined;
}

function issuePlace(sheet: ExcelJS.Worksheet, issue: Issue): { row: number; column: number } | null {
  const cell = issue.cell === null ? null : parseAddress(issue.cell);
  if (cell) return cell;
  if (issue.row === null || !Number.isInteger(issue.row) || issue.row < 1 || issue.row > MAX_EXCEL_ROW)
    return null;
  return { row: issue.row, column: firstUsedColumn(sheet, issue.row) };
}

/** `C14` → row 14, column 3; null for anything that is not one cell inside Excel's grid. */
export function parseAddress(address: string): { row: number; column: number } | null {
  const match = ADDRESS.exec(address.trim().toUpperCase());
  if (!match) return null;
  const column = [...match[1]!].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
  const row = Number(match[2]);
  if (row < 1 || row > MAX_EXCEL_ROW || column > MAX_EXCEL_COLUMN) return null;
  return { row, column };
}

function firstUsedColumn(sheet: ExcelJS.Worksheet, rowNumber: number): number {
  const row = sheet.findRow(rowNumber);
  let first = 1;
  let found = false;
  row?.eachCell({ includeEmpty: false }, (cell, column) => {
    if (found) return;
    found = true;
    first = column;
  });
  return first;
}

function markCell(mark: CellMark): void {
  // A merged cell shows its master's content, so the mark goes where the clerk sees it.
  const cell = mark.sheet.getCell(mark.row, mark.column).master;
  const severity: Severity = mark.issues.some((issue) => issue.severity === 'error') ? 'error' : 'warning';
  // ExcelJS shares one style object among the cells of a loaded style: assign a copy, never mutate.
  cell.style = {
    ...cell.style,
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: MARK_FILL[severity] } },
  };
  cell.note = appendNote(cell.note, noteText(mark.issues));
}

/** One line per distinct issue: severity, Thai message and code. */
export function noteText(issues: readonly Issue[]): string {
  const lines = issues.map((issue) => `${SEVERITY_TH[issue.severity]}: ${issue.message} (${issue.code})`);
  return [...new Set(lines)].join('\n');
}

function appendNote(existing: string | ExcelJS.Comment | undefined, text: string): string | ExcelJS.Comment {
  if (existing === undefined || existing === '') return text;
  if (typeof existing === 'string') return `${existing}\n\n${text}`;
  return { ...existing, texts: [...(existing.texts ?? []), { text: `\n\n${text}` }] };
}
