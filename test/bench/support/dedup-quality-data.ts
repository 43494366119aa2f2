import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';
import { runtimePaths } from '../../../pipeline/config.ts';
import { queryRows } from '../../../pipeline/db/database.ts';
import type { SubmissionReport } from '../../../pipeline/load/submission-report.ts';
import { findRound, type Reference, type Round } from '../../../pipeline/reference/reference.ts';
import { generateDataset } from '../../../synthetic/generate.ts';
import type { Truth } from '../../../synthetic/truth.ts';
import { directorySink } from '../../../synthetic/write-files.ts';
import { submitRegistry } from '../../../workers/intake.ts';
import { sendFiles } from '../../../workers/send-files.ts';
import { silentLogger } from '../../../workers/logger.ts';
import { startLoader } from '../../../workers/loader.ts';
import { startParseWorker, type ParseWorker } from '../../../workers/parse-worker.ts';
import { loadContext } from '../../../bin/context.ts';
import type { LoadedRow } from './dedup-quality-score.ts';

/** The round the generator and the demo use. */
export const QUALITY_ROUND = '2569-2';
const WAIT_MS = 15 * 60_000;
/** Files read and submitted at once; the loader batches whatever arrives. */

export interface QualityDataOptions {
  readonly provinces: readonly string[];
  readonly seed: number;
  /** The cache folder, e.g. `data/bench/dedup-42-81-seed1`; generated once, reused after. */
  readonly cacheDir: string;
  readonly log: (line: string) => void;
}

/** A generated data set loaded into a fresh warehouse through the real queue, loader and parse worker. */
export interface IngestedDataSet {
  readonly truth: Truth;
  readonly round: string;
  /** The warehouse file, closed: the caller opens it. */
  readonly databaseFile: string;
  readonly reports: readonly SubmissionReport[];
  readonly ingestSeconds: number;
  /** Removes the temporary data folder. */
  cleanup(): Promise<void>;
}

/** Generates the data set into the cache folder unless its truth.json is already there. */
export async function ensureGenerated(
  options: QualityDataOptions,
  round: Round,
  reference: Reference,
): Promise<Truth> {
  const truthFile = path.join(options.cacheDir, 'truth.json');
  const cached = await stat(truthFile).then(
    () => true,
    () => false,
  );
  if (!cached) {
    options.log(
      `generating provinces ${options.provinces.join(',')} (seed ${options.seed}) into ${options.cacheDir}`,
    );
    await rm(options.cacheDir, { recursive: true, force: true });
    await mkdir(options.cacheDir, { recursive: true });
    await generateDataset(
      {
        seed: options.seed,
        provinces: options.provinces,
        scale: 1,
        errorRate: 0.02,
        duplicateRate: 0.01,
        round,
      },
      reference,
      directorySink(options.cacheDir),
    );
  } else options.log(`using the generated data set in ${options.cacheDir}`);
  return JSON.parse(await readFile(truthFile, 'utf8')) as Truth;
}

/** Noon in Bangkok on the round's reference date: inside its window, as the demo does. */
function insideWindow(round: Round): Date {
  return new Date(`${round.reference_date}T05:00:00Z`);
}

/**
 * Generates (or reuses) the data set, then sends the registry and every file through the real
 * pipeline (loader and parse worker started in this process, a unique queue prefix, a temporary
 * data folder). The loader is closed before returning, so its debounced dedup job never runs.
 */
export async function ingestQualityData(options: QualityDataOptions): Promise<IngestedDataSet> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-bench-dedup-quality-'));
  const cleanup = (): Promise<void> => rm(dataDir, { recursive: true, force: true });
  try {
    return { ...(await ingestInto(dataDir, options)), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function ingestInto(
  dataDir: string,
  options: QualityDataOptions,
): Promise<Omit<IngestedDataSet, 'cleanup'>> {
  const prefix = `bench-dedup-${process.pid}-${Date.now().toString(36)}`;
  const ctx = await loadContext({ ...process.env, SIS_DATA_DIR: dataDir, SIS_QUEUE_PREFIX: prefix });
  const round = findRound(ctx.reference, QUALITY_ROUND);
  if (!round) throw new Error(`round ${QUALITY_ROUND} is not in the reference data`);
  const truth = await ensureGenerated(options, round, ctx.reference);
  const asOf = insideWindow(round);
  const paths = runtimePaths(ctx.config);
  const loader = await startLoader({ ...ctx, log: silentLogger, now: () => asOf });
  let parser: ParseWorker | undefined;
  let reports: SubmissionReport[] = [];
  const started = performance.now();
  try {
    parser = await startParseWorker(ctx.config, silentLogger);
    const registry = await readFile(path.join(options.cacheDir, 'registry.xlsx'));
    const loaded = await submitRegistry(
      { queues: loader.queues, paths },
      [{ fileName: 'registry.xlsx', bytes: registry }],
      false,
    );
    if (!loaded.loaded) throw new Error('the generated registry did not load');
    const files = (await listFiles(path.join(options.cacheDir, 'files'))).sort();
    options.log(`ingesting ${files.length} files through the queue (prefix ${prefix})`);
    reports = await sendAll({ queues: loader.queues, paths }, files, asOf);
  } finally {
    await parser?.close();
    // The loader's debounced dedup job is still waiting: drop it with the rest of this run's keys.
    await loader.queues.load.obliterate({ force: true }).catch(() => undefined);
    await loader.queues.parse.obliterate({ force: true }).catch(() => undefined);
    await loader.close();
  }
  return {
    truth,
    round: round.round_id,
    databaseFile: paths.database,
    reports,
    ingestSeconds: (performance.now() - started) / 1000,
  };
}

type Intake = Parameters<typeof sendFiles>[0];

/** Sends every file in waves, then waits for all reports. */
function sendAll(intake: Intake, files: readonly string[], asOf: Date): Promise<SubmissionReport[]> {
  return sendFiles(intake, files, { uploadedBy: 'bench', asOf, options: {} }, { timeoutMs: WAIT_MS });
}

/** Every file under a folder, recursively. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const READ_LOADED_ROWS = `
SELECT s.file_name, p.submission_id, p.institution_code, p.sheet, p.row_number, p.national_id,
       p.first_name, p.last_name, strftime(p.birth_date, '%Y-%m-%d') AS birth_date
FROM (
  SELECT submission_id, institution_code, sheet, row_number, national_id, first_name, last_name, birth_date
  FROM pupils WHERE round_id = $1
  UNION ALL
  SELECT submission_id, institution_code, sheet, row_number, national_id, first_name, last_name, birth_date
  FROM children WHERE round_id = $1
) p JOIN submissions s USING (submission_id)`;

/** Every pupil and child row the round counts, with the file it came from. */
export async function readLoadedRows(connection: DuckDBConnection, roundId: string): Promise<LoadedRow[]> {
  const rows = await queryRows<{
    file_name: string;
    submission_id: bigint;
    institution_code: string;
    sheet: string;
    row_number: number;
    national_id: string;
    first_name: string;
    last_name: string;
    birth_date: string | null;
  }>(connection, READ_LOADED_ROWS, [roundId]);
  return rows.map((r) => ({
    fileName: r.file_name,
    submissionId: Number(r.submission_id),
    institutionCode: r.institution_code,
    sheet: r.sheet,
    row: r.row_number,
    nationalId: r.national_id,
    firstName: r.first_name,
    lastName: r.last_name,
    birthDate: r.birth_date ?? '',
  }));
}
