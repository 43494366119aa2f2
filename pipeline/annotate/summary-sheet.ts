import type ExcelJS from 'exceljs';
import { ISSUE_CODES } from '../issues/codes.ts';
import type { Issue, Severity } from '../issues/issue.ts';
import { MARK_FILL, SEVERITY_TH, type MarkResult } from './cell-marks.ts';

/** The name of the sheet that lists every issue; an annotated file always opens on it. */
export const SUMMARY_SHEET = 'ผลการตรวจสอบ';

/** Excel's last row less the rows above the issue table. */
const MAX_LISTED_ISSUES = 1_000_000;

const ISSUE_COLUMNS = [
  { th: 'ระดับ', width: 12 },
  { th: 'รหัส', width: 28 },
  { th: 'แผ่นงาน', width: 18 },
  { th: 'เซลล์', width: 8 },
  { th: 'แถว', width: 8 },
  { th: 'คอลัมน์', width: 22 },
  { th: 'ค่า', width: 24 },
  { th: 'ข้อความ', width: 70 },
] as const;

export interface SummaryInput {
  readonly fileName: string;
  readonly issues: readonly Issue[];
  readonly marks: MarkResult;
}

/**
 * Removes the summary an earlier annotation left, so a re-uploaded annotated file gets a fresh one
 * instead of a stale list.
 */
export function removeSummarySheet(book: ExcelJS.Workbook): void {
  const previous = book.getWorksheet(SUMMARY_SHEET);
  if (previous) book.removeWorksheet(previous.id);
}

/**
 * Adds the summary as the first sheet: totals, the count of each code with its meaning, a line
 * when not every cell could be marked, then the table of all issues in their order. The book
 * opens on it.
 */
export function addSummarySheet(book: ExcelJS.Workbook, input: SummaryInput): void {
  const sheet = book.addWorksheet(SUMMARY_SHEET);
  moveToFront(book, sheet);
  ISSUE_COLUMNS.forEach((column, index) => {
    sheet.getColumn(index + 1).width = column.width;
  });
  writeHeadline(sheet, input);
  writeCodeCounts(sheet, input.issues);
  sheet.addRow([]);
  writeIssueTable(sheet, input.issues);
}

function writeHeadline(sheet: ExcelJS.Worksheet, { fileName, issues, marks }: SummaryInput): void {
  sheet.addRow([`ผลการตรวจสอบไฟล์ ${fileName}`]).font = { bold: true, size: 14 };
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  sheet.addRow([
    issues.length === 0
      ? 'ไม่พบข้อผิดพลาดหรือคำเตือน'
      : `ข้อผิดพลาด ${errors} รายการ คำเตือน ${issues.length - errors} รายการ (ช่องสีแดง = ข้อผิดพลาด ช่องสีเหลือง = คำเตือน ดูรายละเอียดในความคิดเห็นของช่อง)`,
  ]);
  if (marks.cellsMarked < marks.cellsWithIssues) {
    const rest = marks.cellsWithIssues - marks.cellsMarked;
    sheet.addRow([
      `ระบายสีและใส่ความคิดเห็นไว้ ${marks.cellsMarked} ช่องแรกเท่านั้น ยังมีอีก ${rest} ช่องที่มีปัญหา ดูรายการทั้งหมดในตารางด้านล่าง`,
    ]).font = { bold: true, color: { argb: 'FFC00000' } };
  }
  if (issues.length > MAX_LISTED_ISSUES) {
    sheet.addRow([`ตารางด้านล่างแสดง ${MAX_LISTED_ISSUES} รายการแรกจากทั้งหมด ${issues.length} รายการ`]).font = {
      bold: true,
    };
  }
  sheet.addRow([]);
}

function writeCodeCounts(sheet: ExcelJS.Worksheet, issues: readonly Issue[]): void {
  const counts = new Map<Issue['code'], { severity: Severity; count: number }>();
  for (const issue of issues) {
    const entry = counts.get(issue.code);
    if (entry) entry.count += 1;
    else counts.set(issue.code, { severity: issue.severity, count: 1 });
  }
  styleHeader(sheet.addRow(['ระดับ', 'รหัส', 'จำนวน', 'ความหมาย']));
  const sorted = [...counts].sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b));
  for (const [code, { severity, count }] of sorted) {
    const row = sheet.addRow([SEVERITY_TH[severity], code, count, ISSUE_CODES[code].th]);
    fillSeverity(row.getCell(1), severity);
  }
}

function writeIssueTable(sheet: ExcelJS.Worksheet, issues: readonly Issue[]): void {
  const header = sheet.addRow(ISSUE_COLUMNS.map((column) => column.th));
  styleHeader(header);
  sheet.autoFilter = {
    from: { row: header.number, column: 1 },
    to: { row: header.number, column: ISSUE_COLUMNS.length },
  };
  for (const issue of issues.slice(0, MAX_LISTED_ISSUES)) {
    const row = sheet.addRow([
      SEVERITY_TH[issue.severity],
      issue.code,
      issue.sheet,
      issue.cell,
      issue.row,
      issue.column,
      issue.value,
      issue.message,
    ]);
    fillSeverity(row.getCell(1), issue.severity);
  }
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
    cell.border = { bottom: { style: 'thin' } };
  });
}

function fillSeverity(cell: ExcelJS.Cell, severity: Severity): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: MARK_FILL[severity] } };
}

/**
 * ExcelJS orders sheets by an `orderNo` it does not declare and offers no insert-at; loaded sheets
 * count from 0, so -1 puts the summary first. The book then opens on it, with no other tab
 * selected (two selected tabs would open the sheets grouped, and typing would edit both).
 */
function moveToFront(book: ExcelJS.Workbook, sheet: ExcelJS.Worksheet): void {
  const lowest = Math.min(0, ...book.worksheets.map((ws) => orderOf(ws)));
  (sheet as unknown as { orderNo: number }).orderNo = lowest - 1;
  // A loaded book may have no views at all, whatever ExcelJS's types say.
  for (const other of book.worksheets) {
    if (other === sheet) continue;
    other.views = (other.views ?? []).map((view): TabView => Object.assign({}, view, { tabSelected: false }));
  }
  const opening: TabView = { state: 'normal', tabSelected: true };
  sheet.views = [opening];
  const views =
    (book.views ?? []).length > 0
      ? book.views
      : [{ x: 0, y: 0, width: 12000, height: 20000, visibility: 'visible' }];
  book.views = views.map((view) => ({ ...view, firstSheet: 0, activeTab: 0 }) as ExcelJS.WorkbookView);
}

/** ExcelJS reads and writes `tabSelected` but does not declare it. */
type TabView = Partial<ExcelJS.WorksheetView> & { tabSelected: boolean };

function orderOf(sheet: ExcelJS.Worksheet): number {
  return (sheet as unknown as { orderNo: number }).orderNo;
}
