import ExcelJS from 'exceljs';
import type { ReportSheet } from './report-sheet.ts';

/** Zero prints as "-" through the number format; the cell still holds 0. */
const COUNT_FORMAT = '#,##0;-#,##0;"-"';
const MONEY_FORMAT = '#,##0.00;-#,##0.00;"-"';
const FONT = 'TH Sarabun New';
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * One form as a printable .xlsx: the header block, Thai two-level headers with merged cells, A4
 * landscape fitted to the page width, the header rows repeated on every printed page, thousands
 * separators, zero shown as "-", subtotals and totals in bold.
 */
export async function writeReportXlsx(sheet: ReportSheet): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'sis-pipeline';
  const ws = book.addWorksheet(sheet.form, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: 'หน้า &P / &N' },
  });
  const width = sheet.columns.length;
  const lines = [sheet.title, ...sheet.headerLines];
  lines.forEach((line, i) => {
    const row = ws.getRow(i + 1);
    row.getCell(1).value = line;
    row.font = { name: FONT, size: i === 0 ? 16 : 14, bold: i === 0 };
    ws.mergeCells(i + 1, 1, i + 1, width);
  });
  const top = lines.length + 1;
  writeColumnHeaders(ws, sheet, top);
  sheet.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  ws.pageSetup.printTitlesRow = `${top}:${top + 1}`;
  ws.views = [{ state: 'frozen', ySplit: top + 1 }];

  sheet.rows.forEach((r, i) => {
    const row = ws.getRow(top + 2 + i);
    row.values = [...r.cells] as ExcelJS.CellValue[];
    row.font = { name: FONT, size: 14, bold: r.kind !== 'detail' };
    sheet.columns.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      cell.border = BORDER;
      if (c.kind !== 'text') {
        cell.numFmt = c.kind === 'money' ? MONEY_FORMAT : COUNT_FORMAT;
        if (cell.value === null && r.kind === 'detail') cell.value = '-';
        cell.alignment = { horizontal: 'right' };
      }
    });
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

function writeColumnHeaders(ws: ExcelJS.Worksheet, sheet: ReportSheet, top: number): void {
  const upper = ws.getRow(top);
  const lower = ws.getRow(top + 1);
  let i = 0;
  while (i < sheet.columns.length) {
    const column = sheet.columns[i]!;
    let end = i;
    while (
      column.label !== null &&
      sheet.columns[end + 1]?.group === column.group &&
      sheet.columns[end + 1]?.label !== null
    )
      end += 1;
    upper.getCell(i + 1).value = column.group;
    if (column.label === null) ws.mergeCells(top, i + 1, top + 1, i + 1);
    else {
      if (end > i) ws.mergeCells(top, i + 1, top, end + 1);
      for (let j = i; j <= end; j += 1) lower.getCell(j + 1).value = sheet.columns[j]!.label;
    }
    i = end + 1;
  }
  for (const row of [upper, lower]) {
    row.font = { name: FONT, size: 14, bold: true };
    for (let j = 1; j <= sheet.columns.length; j += 1) {
      const cell = row.getCell(j);
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    }
  }
}
