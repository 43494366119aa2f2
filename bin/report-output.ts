import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RenderReportHtml } from '../dashboard/reports/render-report-html.ts';
import { reportJson, type AnyReport } from '../pipeline/reports/compile-reports.ts';
import { reportSheet } from '../pipeline/reports/report-sheet.ts';
import { writeReportXlsx } from '../pipeline/reports/write-report-xlsx.ts';

export const REPORT_FORMATS = ['json', 'xlsx', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** One compiled form in one format, as the bytes of a file. */
export async function renderReport(
  compiled: AnyReport,
  format: ReportFormat,
  renderHtml: RenderReportHtml,
): Promise<Buffer> {
  if (format === 'json') return Buffer.from(`${JSON.stringify(reportJson(compiled))}\n`);
  const sheet = reportSheet(compiled);
  if (format === 'xlsx') return writeReportXlsx(sheet);
  return Buffer.from(renderHtml(sheet));
}

/** `form2-42-2569-2.xlsx`: form, province and round, so a folder of them sorts sensibly. */
export function reportFileName(compiled: AnyReport, format: ReportFormat): string {
  const { province, round } = compiled.report.header;
  return `${compiled.form}-${province}-${round}.${format}`;
}

/** Writes each compiled form into `dir` and returns the paths written. */
export async function writeReportFiles(
  reports: readonly AnyReport[],
  formats: readonly ReportFormat[],
  dir: string,
  renderHtml: RenderReportHtml,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const compiled of reports)
    for (const format of formats) {
      const file = path.join(dir, reportFileName(compiled, format));
      await writeFile(file, await renderReport(compiled, format, renderHtml));
      written.push(file);
    }
  return written;
}
