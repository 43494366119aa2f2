/**
 * Report benchmark: all five outputs (forms 2–5 and the subsidy) for every province, as JSON, as
 * .xlsx and as HTML, from a whole country's round generated in SQL, beside a baseline of one
 * GROUP BY over the pupils table. Prints figures; asserts nothing.
 *
 * Usage: `npm run bench:reports -- [--rows 1500000] [--provinces all|42,81] [--formats json,xlsx,html]`
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadReportRenderer } from '../../dashboard/reports/render-report-html.ts';
import { writeReportFiles, type ReportFormat } from '../../bin/report-output.ts';
import { closeDatabase, openDatabase, queryRows } from '../../pipeline/db/database.ts';
import { createKysely } from '../../pipeline/db/kysely-duckdb.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { compileReports } from '../../pipeline/reports/compile-reports.ts';
import { REPORT_FORMS } from '../../pipeline/reports/report-types.ts';
import { generateReportRound } from './support/reports-data.ts';

const ROUND = '2569-2';
const TARGET_SECONDS: Record<string, number> = { json: 10, xlsx: 60 };

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '1500000' },
    provinces: { type: 'string', default: 'all' },
    formats: { type: 'string', default: 'json,xlsx,html' },
  },
});

const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const seconds = (started: number) => (performance.now() - started) / 1000;

async function main(): Promise<void> {
  const reference = await loadReference(SHIPPED_REFERENCE_DIR);
  const db = await openDatabase(':memory:');
  const out = await mkdtemp(path.join(os.tmpdir(), 'sis-bench-reports-'));
  try {
    let started = performance.now();
    await generateReportRound(db.connection, ROUND, Number(flags.rows));
    const [count] = await queryRows<{ pupils: bigint; children: bigint }>(
      db.connection,
      'SELECT (SELECT count(*) FROM pupils) AS pupils, (SELECT count(*) FROM children) AS children',
    );
    const records = Number(count?.pupils ?? 0) + Number(count?.children ?? 0);
    process.stderr.write(
      `bench:reports: generated ${records.toLocaleString('en')} records in ${seconds(started).toFixed(1)} s\n`,
    );

    started = performance.now();
    await queryRows(
      db.connection,
      'SELECT institution_code, grade, sex, count(*) AS n FROM pupils GROUP BY ALL',
    );
    const baseline = seconds(started);

    const kysely = createKysely<Warehouse>(db.connection);
    const renderHtml = await loadReportRenderer();
    const provinces =
      flags.provinces === 'all' ? reference.provinces.map((p) => p.code) : flags.provinces.split(',');
    say(
      `report benchmark: ${records.toLocaleString('en')} records, ${provinces.length} provinces, 5 outputs each`,
    );
    say(`  baseline, one GROUP BY over pupils:      ${baseline.toFixed(2)} s`);
    for (const format of flags.formats.split(',') as ReportFormat[]) {
      started = performance.now();
      let files = 0;
      for (const province of flags.provinces === 'all' ? ['all'] : provinces) {
        const reports = await compileReports(kysely, reference, {
          roundId: ROUND,
          province,
          forms: REPORT_FORMS,
          generatedAt: new Date(),
        });
        files += (await writeReportFiles(reports, [format], path.join(out, format), renderHtml)).length;
      }
      const took = seconds(started);
      const target = TARGET_SECONDS[format];
      say(
        `  ${format.padEnd(5)} ${String(files).padStart(4)} files:  ${took.toFixed(2).padStart(7)} s  (${(took / baseline).toFixed(0)}× the baseline` +
          `${target ? `; target < ${target} s` : ''})`,
      );
    }
  } finally {
    closeDatabase(db);
    await rm(out, { recursive: true, force: true });
  }
}

await main();
