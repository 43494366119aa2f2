import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig, runtimePaths, type Config } from '../../../pipeline/config.ts';
import type { SubmissionReport } from '../../../pipeline/load/submission-report.ts';
import { SHIPPED_REFERENCE_DIR, type Reference, type Round } from '../../../pipeline/reference/reference.ts';
import { submitRegistry, type IntakeDeps } from '../../../workers/intake.ts';
import { sendFiles } from '../../../workers/send-files.ts';
import { startLoader, type Loader } from '../../../workers/loader.ts';
import type { Logger } from '../../../workers/logger.ts';
import { SOURCE_PARSE_CHILD, type ParseChild } from '../../../workers/parse-child.ts';
import { startParseWorker, type ParseWorker } from '../../../workers/parse-worker.ts';
import { deleteQueueKeys } from '../../support/pipeline-harness.ts';
import type { Dataset } from './dataset.ts';
import { collectQueueFigures, type QueueFigures } from './queue-figures.ts';
import { mb, readMemory, resetPeak, RssSampler, type RssSummary } from './rss.ts';
import { round, secondsSince, stageFigures, type StageFigures } from './timing.ts';

const WAIT_MS = 4 * 3600_000;

export interface EndToEndResult {
  readonly figures: StageFigures;
  readonly concurrency: number;
  readonly startSeconds: number;
  readonly registrySeconds: number;
  /** From the first upload until every file is stored and its register job enqueued. */
  readonly submitSeconds: number;
  readonly closeSeconds: number;
  readonly statuses: Record<string, number>;
  readonly reportedRows: { total: number; accepted: number; rejected: number };
  readonly queue: QueueFigures;
  readonly cpu: { readonly mainSeconds: number; readonly parseChildrenSeconds: number };
  readonly rss: {
    readonly mainPeakMb: number;
    readonly mainSampledMaxMb: number;
    readonly parseChildPeaksMb: readonly number[];
    readonly parseChildrenTotalMaxMb: number;
    readonly mainPeakReset: boolean;
    /** RSS of this process when the stage began (reference data and modules already loaded). */
    readonly mainAtStartMb: number;
  };
  readonly logged: readonly string[];
  /** When the timed part ran, on the monotonic clock CPU profiles use (µs of `process.hrtime`). */
  readonly clockUs: { readonly from: number; readonly to: number };
}

/** Everything one run needs: its own data folder and queue prefix, removed at the end. */
interface Session {
  readonly config: Config;
  readonly dataDir: string;
  readonly loader: Loader;
  readonly parser: ParseWorker;
  readonly intake: IntakeDeps;
}

/**
 * Sends every file of the data set through Redis, the parse worker's children and the loader
 * into DuckDB (all started in this process, as `sis demo` does) and waits for every report.
 * `parseChild` says how the parse children start (the benchmark's CPU profile adds flags).
 */
export async function runEndToEnd(
  dataset: Dataset,
  reference: Reference,
  round: Round,
  parseChild: ParseChild = SOURCE_PARSE_CHILD,
): Promise<EndToEndResult> {
  const logged: string[] = [];
  const mainPeakReset = resetPeak();
  const mainAtStart = readMemory('self')?.rss ?? 0;
  const sampler = new RssSampler((command) => command === 'node');
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const session = await openSession(reference, countingLogger(logged), parseChild);
  const startSeconds = secondsSince(started);
  try {
    const registrySeconds = await loadRegistry(session, dataset.registry);
    const run = await sendAll(session.intake, dataset, insideWindow(round));
    // The pipeline's own CPU and memory end with the last report: reading every job back from
    // Redis for the queue figures is the benchmark's work, not the pipeline's.
    const cpuUsed = process.cpuUsage(cpuBefore);
    const rss = sampler.stop();
    const queue = await collectQueueFigures(session.loader, run.epochStart);
    const closeStarted = performance.now();
    await closeSession(session);
    return {
      figures: stageFigures('end to end (queue, workers, DuckDB)', run.seconds, {
        files: dataset.files.length,
        rows: dataset.rows,
      }),
      concurrency: session.config.workerConcurrency,
      startSeconds: round2(startSeconds),
      registrySeconds: round2(registrySeconds),
      submitSeconds: round2(run.submitSeconds),
      closeSeconds: round2(secondsSince(closeStarted)),
      statuses: countStatuses(run.reports),
      reportedRows: sumRows(run.reports),
      queue,
      cpu: {
        mainSeconds: round2((cpuUsed.user + cpuUsed.system) / 1e6),
        parseChildrenSeconds: round2(sum(rss.childCpu.values())),
      },
      rss: { ...rssFigures(rss, mainPeakReset), mainAtStartMb: mb(mainAtStart) },
      logged,
      clockUs: run.clockUs,
    };
  } catch (error) {
    sampler.stop();
    await closeSession(session).catch(() => undefined);
    throw error;
  }
}

async function openSession(reference: Reference, log: Logger, parseChild: ParseChild): Promise<Session> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-bench-'));
  const prefix = `sis-bench-${randomUUID().slice(0, 8)}`;
  const config = parseConfig(
    { ...process.env, SIS_DATA_DIR: dataDir, SIS_QUEUE_PREFIX: prefix },
    SHIPPED_REFERENCE_DIR,
  );
  const loader = await startLoader({ config, reference, log });
  const parser = await startParseWorker(config, log, parseChild);
  return { config, dataDir, loader, parser, intake: { queues: loader.queues, paths: runtimePaths(config) } };
}

async function closeSession(session: Session): Promise<void> {
  try {
    await session.parser.close();
    await session.loader.close();
  } finally {
    await deleteQueueKeys(session.config.redisUrl, session.config.queuePrefix);
    await rm(session.dataDir, { recursive: true, force: true });
  }
}

/** Loads registry.xlsx through the loader's lane, as `sis demo` does. */
async function loadRegistry(session: Session, file: string): Promise<number> {
  const started = performance.now();
  const result = await submitRegistry(
    session.intake,
    [{ fileName: 'registry.xlsx', bytes: await readFile(file) }],
    false,
  );
  if (!result.loaded) throw new Error('the generated registry did not load');
  return secondsSince(started);
}

interface SendRun {
  readonly reports: SubmissionReport[];
  readonly seconds: number;
  readonly submitSeconds: number;
  /** Date.now() when the first file went out: job timestamps are compared with it. */
  readonly epochStart: number;
  readonly clockUs: { readonly from: number; readonly to: number };
}

/** Sends every file in waves as `sis ingest` does, then waits until every report is back. */
async function sendAll(intake: IntakeDeps, dataset: Dataset, asOf: Date): Promise<SendRun> {
  const epochStart = Date.now();
  const from = clockUs();
  const started = performance.now();
  let submitSeconds = 0;
  const reports = await sendFiles(
    intake,
    dataset.files.map((f) => f.path),
    { uploadedBy: 'bench', asOf, options: {} },
    { timeoutMs: WAIT_MS, onSent: () => (submitSeconds = secondsSince(started)) },
  );
  const seconds = secondsSince(started);
  return { reports, seconds, submitSeconds, epochStart, clockUs: { from, to: clockUs() } };
}

function clockUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Noon in Bangkok on the round's reference date: inside its window, as in `sis demo`. */
function insideWindow(r: Round): Date {
  return new Date(`${r.reference_date}T05:00:00Z`);
}

function countingLogger(lines: string[]): Logger {
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    if (lines.length < 20) lines.push(`${level}: ${message} ${JSON.stringify(fields ?? {})}`);
  };
  return { info: () => {}, warn: keep('warn'), error: keep('error') };
}

function countStatuses(reports: readonly SubmissionReport[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reports) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

function sumRows(reports: readonly SubmissionReport[]) {
  const rows = { total: 0, accepted: 0, rejected: 0 };
  for (const r of reports) {
    rows.total += r.rows.total;
    rows.accepted += r.rows.accepted;
    rows.rejected += r.rows.rejected;
  }
  return rows;
}

function rssFigures(rss: RssSummary, mainPeakReset: boolean): Omit<EndToEndResult['rss'], 'mainAtStartMb'> {
  return {
    mainPeakMb: mb(rss.mainPeak),
    mainSampledMaxMb: mb(rss.mainSampledMax),
    parseChildPeaksMb: [...rss.childPeaks.values()].map(mb).sort((a, b) => b - a),
    parseChildrenTotalMaxMb: mb(rss.childrenTotalMax),
    mainPeakReset,
  };
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function round2(value: number): number {
  return round(value, 2);
}
