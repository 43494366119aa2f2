/**
 * Parses the same small files (.xlsx, .xls, Windows-874 CSV) many times under watchdogs far too
 * short for some of them, collecting garbage after each turn, as a parse child whose files keep
 * running out of time would. Prints one JSON line of counts: parses stopped, parses that finished
 * with the same outcome as the file's parse without a watchdog, parses that finished otherwise,
 * and parses that threw. Usage:
 * `node --import tsx --expose-gc test/support/stopped-parse-child.ts TURNS`.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseConfig, readLimits } from '../../pipeline/config.ts';
import { parseEachWithinTime } from '../../pipeline/ingest/parse-within-time.ts';
import { loadReference, SHIPPED_REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { csvText, encodeText, writeTemplateFile } from '../helpers/workbook.ts';

const turns = Number(process.argv[2] ?? 200);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('start with --expose-gc');
const config = parseConfig({}, SHIPPED_REFERENCE_DIR);
const ctx = { reference: await loadReference(SHIPPED_REFERENCE_DIR), limits: readLimits(config) };
const info = { institution_code: '3042000001', academic_year: 2562, term: 2 };
const xlsx = writeTemplateFile(SIS_STUDENTS, { info, rows: [] });
const xls = writeTemplateFile(SIS_STUDENTS, { info, rows: [], bookType: 'biff8' });
const header = SIS_STUDENTS.roster.columns.map((c) => c.th);
const csv874 = encodeText(csvText([header, header.map(() => 'ก')]), 'windows-874');
const kinds = [
  { bytes: xlsx, ext: 'xlsx' },
  { bytes: xls, ext: 'xls' },
  { bytes: csv874, ext: 'csv' },
  { bytes: xlsx, ext: 'xlsx' },
];
const files = Array.from({ length: 20 }, (_, i) => ({
  bytes: kinds[i % 4]!.bytes,
  fileName: `f${i}.${kinds[i % 4]!.ext}`,
}));
const unhurried = parseEachWithinTime(files, ctx, 60_000);
const counts = { stopped: 0, same: 0, different: 0, thrown: 0 };
for (let turn = 0; turn < turns; turn++) {
  parseEachWithinTime(files, ctx, 1 + (turn % 3)).forEach((outcome, i) => {
    if ('thrown' in outcome) counts.thrown++;
    else if (outcome.parsed.issues.some((issue) => issue.code === 'file/over-limit')) counts.stopped++;
    else if (isDeepStrictEqual(outcome, unhurried[i])) counts.same++;
    else counts.different++;
  });
  gc();
}
process.stdout.write(`${JSON.stringify(counts)}\n`);
