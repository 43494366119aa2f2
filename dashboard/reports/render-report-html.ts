import { readFile } from 'node:fs/promises';
import Handlebars from 'handlebars';
import type { ReportSheet, SheetCell, SheetColumn } from '../../pipeline/reports/report-sheet.ts';

const TEMPLATE = new URL('../views/report-document.hbs', import.meta.url);

export interface ReportLink {
  readonly href: string;
  readonly text: string;
  /** A stable `data-testid` for browser tests. */
  readonly testid?: string;
}

/** Renders laid-out forms as standalone printable HTML pages (A4 landscape, header repeated on each page). */
export type RenderReportHtml = (sheet: ReportSheet, links?: readonly ReportLink[]) => string;

export async function loadReportRenderer(): Promise<RenderReportHtml> {
  const template = Handlebars.create().compile(await readFile(TEMPLATE, 'utf8'), { strict: false });
  return (sheet, links = []) =>
    template({
      title: sheet.title,
      subtitle: sheet.headerLines[0] ?? '',
      headerLines: sheet.headerLines,
      links,
      ...columnHeaders(sheet.columns),
      rows: sheet.rows.map((r) => ({
        kind: r.kind,
        cells: r.cells.map((cell, i) => formatCell(cell, sheet.columns[i], r.kind === 'detail')),
      })),
    });
}

function columnHeaders(columns: readonly SheetColumn[]) {
  const upper: Array<{ text: string; colspan: number; rowspan: number }> = [];
  const lower: string[] = [];
  let i = 0;
  while (i < columns.length) {
    const column = columns[i]!;
    if (column.label === null) {
      upper.push({ text: column.group, colspan: 1, rowspan: 2 });
      i += 1;
      continue;
    }
    let end = i;
    while (columns[end + 1]?.group === column.group && columns[end + 1]?.label !== null) end += 1;
    upper.push({ text: column.group, colspan: end - i + 1, rowspan: 1 });
    for (let j = i; j <= end; j += 1) lower.push(columns[j]!.label ?? '');
    i = end + 1;
  }
  return { upper, lower };
}

/** The same display as the .xlsx number formats: thousands separators, zero as "-". */
export function formatCell(
  cell: SheetCell,
  column: SheetColumn | undefined,
  detail: boolean,
): { text: string; numeric: boolean } {
  const numeric = column !== undefined && column.kind !== 'text';
  if (cell === null) return { text: numeric && detail ? '-' : '', numeric };
  if (typeof cell === 'string') return { text: cell, numeric };
  if (cell === 0) return { text: '-', numeric: true };
  const digits = column?.kind === 'money' ? 2 : 0;
  return {
    text: cell.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    numeric: true,
  };
}
