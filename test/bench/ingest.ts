/**
 * The ingestion benchmark (`npm run bench`): figures and ratios, never timed assertions.
 *
 * On a generated data set it times, in one run: SheetJS alone over every file (the baseline),
 * parseSubmission alone, and the whole pipeline end to end (Redis, sandboxed parse children,
 * the loader and DuckDB, all started in this process as `sis demo` does), with each stage's
 * rows/s, its ratio to the baseline and the peak RSS of this process and of the parse children;
 * then one 50,000-row sis-students workbook in a worker-like child and that child's peak RSS.
 * First, the start-up of `sis` and of a parse child, built and from the sources (support/startup.ts).
 *
 * Usage: npm run bench -- [--provinces all|42,81] [--data DIR] [--skip-end-to-end] [--json]
 * The data set is generated into DIR (default data/bench/<provinces>) unless its truth.json exists.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureLocalRedis } from '../../bin/ensure-redis.ts';
import { displayRedisUrl, parseConfig, type Config } from '../../pipeline/config.ts';
import {
  findRound,
  loadReference,
  SHIPPED_REFERENCE_DIR,
  type Reference,
} from '../../pipeline/reference/reference.ts';
import { readLimits } from '../../pipeline/config.ts';
import { runBigWorkbook } from './support/big-stage.ts';
import { ensureDataset } from './support/dataset.ts';
import { runEndToEnd } from './support/end-to-end.ts';
import {
  datasetFigures,
  describeResult,
  machineFigures,
  ratiosAgainst,
  type BenchResult,
} from './support/report.ts';
import { timeParseAlone, timeSheetJsAlone } from './support/single-process.ts';
import { describeStartup, measureStartup } from './support/startup.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIG_WORKBOOK_ROWS = 50_000;

interface Flags {
  readonly provinces: string;
  readonly data: string;
  readonly skipEndToEnd: boolean;
  readonly json: boolean;
}

function readFlags(reference: Reference): Flags {
  const values = parseFlagValues();
  const provinces = normaliseProvinces(values.provinces, reference);
  const data = values.data ?? path.join('data', 'bench', provinces.replaceAll(',', '-'));
  return {
    provinces,
    data: path.resolve(REPO_ROOT, data),
    skipEndToEnd: values['skip-end-to-end'],
    json: values.json,
  };
}

function parseFlagValues() {
  try {
    return parseArgs({
      options: {
        provinces: { type: 'string', default: 'all' },
        data: { type: 'string' },
        'skip-end-to-end': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return fail(
      `${(error as Error).message}; usage: npm run bench -- [--provinces all|42,81] [--data DIR] [--skip-end-to-end] [--json]`,
    );
  }
}

/** `all`, or known province codes sorted and joined by commas. */
function normaliseProvinces(raw: string, reference: Reference): string {
  if (raw.trim().toLowerCase() === 'all') return 'all';
  const known = new Set(reference.provinces.map((p) => p.code));
  const codes = [
    ...new Set(
      raw
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    ),
  ].sort();
  const unknown = codes.filter((c) => !known.has(c));
  if (codes.length === 0 || unknown.length > 0)
    fail(`--provinces: unknown code(s) ${unknown.join(', ') || '(none)'}`);
  return codes.join(',');
}

async function requireRedis(config: Config): Promise<void> {
  const redis = await ensureLocalRedis(config.redisUrl);
  if (redis === 'missing')
    fail(
      `no Redis at ${displayRedisUrl(config.redisUrl)} (sudo apt-get install redis-server), or pass --skip-end-to-end`,
    );
  if (redis === 'started') say(`started redis-server on ${displayRedisUrl(config.redisUrl)}`);
}

async function main(): Promise<void> {
  const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
  const reference = await loadReference(config.referenceDir);
  const flags = readFlags(reference);
  if (!flags.skipEndToEnd) await requireRedis(config);
  say('start-up of sis and of a parse child');
  const startup = flags.skipEndToEnd ? null : await measureStartup();
  const dataset = await ensureDataset(flags.data, flags.provinces);
  const round =
    findRound(reference, dataset.round) ?? fail(`round ${dataset.round} of truth.json is unknown`);
  // End to end first, so this process's peak RSS is the pipeline's and not what earlier stages left.
  if (!flags.skipEndToEnd) say(`end to end through the queue: ${dataset.files.length} files`);
  const endToEnd = flags.skipEndToEnd ? null : await runEndToEnd(dataset, reference, round);
  say('SheetJS alone');
  const baseline = await timeSheetJsAlone(dataset);
  say('parseSubmission alone');
  const parsed = await timeParseAlone(dataset, { reference, limits: readLimits(config) });
  say(`${BIG_WORKBOOK_ROWS}-row workbook in a worker-like child`);
  const bigWorkbook = await runBigWorkbook(reference, round, BIG_WORKBOOK_ROWS);
  const stages = [baseline, parsed.figures, ...(endToEnd ? [endToEnd.figures] : [])];
  const result: BenchResult = {
    provinces: flags.provinces,
    data: datasetFigures(dataset),
    machine: machineFigures(),
    stages,
    ratios: ratiosAgainst(baseline, stages),
    parseAloneStatuses: parsed.statuses,
    endToEnd,
    bigWorkbook,
  };
  process.stdout.write(
    flags.json
      ? `${JSON.stringify({ ...result, startup })}\n`
      : `${startup ? `${describeStartup(startup)}\n` : ''}${describeResult(result)}`,
  );
}

function say(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

await main();
// Exit explicitly: closed BullMQ connections may leave retry timers behind that keep Node alive.
process.exit(0);
