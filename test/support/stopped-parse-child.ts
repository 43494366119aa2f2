/**
 * Parses the same small files (.xlsx, .xls, Windows-874 CSV) many times under watchdogs far too short for it, collecting garbage
 * after each turn, as a parse child whose files keep running out of time would. Prints one JSON
 * line: how many parses were stopped and how many finished. Usage:
 * `node --import tsx --expose-gc test/support/stopped-parse-child.ts TURNS`.
 */
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
let stopped = 0;
let finished = 0;
for (let turn = 0; turn < turns; turn++) {
  for (const outcome of parseEachWithinTime(files, ctx, 1 + (turn % 3))) {
    if ('parsed' in outcome && outcome.parsed.issues.some((i) => i.code === 'file/over-limit')) stopped++;
    else finished++;
  }
  gc();
}
process.stdout.write(`${JSON.stringify({ stopped, finished })}\n`);
