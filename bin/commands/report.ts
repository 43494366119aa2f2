import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadReportRenderer } from '../../dashboard/reports/render-report-html.ts';
import { closeDatabase } from '../../pipeline/db/database.ts';
import { createKysely } from '../../pipeline/db/kysely-duckdb.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { SisError } from '../../pipeline/errors.ts';
import { compileReports } from '../../pipeline/reports/compile-reports.ts';
import { REPORT_FORMS, isReportForm } from '../../pipeline/reports/report-types.ts';
import { loadContext } from '../context.ts';
import { openWarehouseReadOnly } from '../read-warehouse.ts';
import { resolveRound } from '../round-option.ts';
import { REPORT_FORMATS, renderReport, writeReportFiles, type ReportFormat } from '../report-output.ts';

interface ReportFlags {
  province: string;
  round?: string;
  format: string;
  out?: string;
}

/** Registers `sis report form2|form3|form4|form5|subsidy --province CODE|all`. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('compile a provincial report form (2–5) or the subsidy estimate from the warehouse')
    .argument('<form>', REPORT_FORMS.join('|'))
    .requiredOption('--province <code>', 'province code, or "all" (one file per province into --out DIR)')
    .option('--round <round>', 'round, e.g. 2562-2 (default: the current round)')
    .option('--format <format>', REPORT_FORMATS.join('|'), 'json')
    .option(
      '--out <path>',
      'file to write (a folder with --province all); JSON and HTML go to stdout without it',
    )
    .action(async (form: string, flags: ReportFlags) => runReport(form, flags));
}

async function runReport(form: string, flags: ReportFlags): Promise<void> {
  if (!isReportForm(form))
    throw new SisError('input/bad-argument', `unknown report ${form}; one of ${REPORT_FORMS.join(', ')}`);
  const format = flags.format as ReportFormat;
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new SisError(
      'input/bad-argument',
      `unknown format ${flags.format}; one of ${REPORT_FORMATS.join(', ')}`,
    );
  const all = flags.province === 'all';
  if (all && !flags.out) throw new SisError('input/bad-argument', '--province all needs --out DIR');
  if (format === 'xlsx' && !flags.out)
    throw new SisError('input/bad-argument', '--format xlsx needs --out FILE');
  const ctx = await loadContext();
  const roundId = resolveRound(ctx, flags.round);
  const db = await openWarehouseReadOnly(ctx.config, `/api/reports/${form}`);
  try {
    const reports = await compileReports(createKysely<Warehouse>(db.connection), ctx.reference, {
      roundId,
      province: flags.province,
      forms: [form],
      generatedAt: new Date(),
    });
    const renderHtml = await loadReportRenderer();
    if (all) {
      const written = await writeReportFiles(reports, [format], flags.out!, renderHtml);
      process.stderr.write(`report: wrote ${written.length} files into ${flags.out!}\n`);
      return;
    }
    const bytes = await renderReport(reports[0]!, format, renderHtml);
    if (!flags.out) {
      process.stdout.write(bytes);
      return;
    }
    await mkdir(path.dirname(path.resolve(flags.out)), { recursive: true });
    await writeFile(flags.out, bytes);
  } finally {
    closeDatabase(db);
  }
}
