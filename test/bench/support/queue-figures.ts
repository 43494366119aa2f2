import type { Job } from 'bullmq';
import { queryRows } from '../../../pipeline/db/database.ts';
import type { Loader } from '../../../workers/loader.ts';
import { round } from './timing.ts';

/** When the jobs of one kind ran, in seconds since the first file went out. */
export interface JobSpan {
  readonly jobs: number;
  readonly failed: number;
  readonly firstStart: number;
  readonly lastEnd: number;
  /** Sum of each job's processing time (processedOn → finishedOn). */
  readonly busySeconds: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/** The loader's micro-batches of load jobs, told apart by the `finished_at` each batch stamps. */
export interface LoadBatches {
  readonly batches: number;
  readonly meanFiles: number;
  readonly maxFiles: number;
  readonly firstAt: number;
  readonly lastAt: number;
}

export interface QueueFigures {
  readonly register: JobSpan;
  readonly parse: JobSpan;
  readonly load: JobSpan;
  readonly dedup: JobSpan;
  readonly loadBatches: LoadBatches;
}

/** Reads job timestamps back from Redis and batch stamps from DuckDB after a run. */
export async function collectQueueFigures(loader: Loader, epochStart: number): Promise<QueueFigures> {
  const { parse, load } = loader.queues;
  const [parseDone, parseFailed, loadDone, loadFailed] = (await Promise.all([
    parse.getJobs(['completed'], 0, -1),
    parse.getJobs(['failed'], 0, -1),
    load.getJobs(['completed'], 0, -1),
    load.getJobs(['failed'], 0, -1),
  ])) as Job[][];
  const span = (name: string) =>
    jobSpan(
      loadDone!.filter((j) => j.name === name),
      loadFailed!.filter((j) => j.name === name),
      epochStart,
    );
  return {
    register: span('register'),
    parse: jobSpan(parseDone!, parseFailed!, epochStart),
    load: span('load'),
    dedup: span('dedup'),
    loadBatches: await loadBatches(loader, epochStart),
  };
}

function jobSpan(done: readonly Job[], failed: readonly Job[], epochStart: number): JobSpan {
  const jobs = [...done, ...failed];
  let firstStart = Infinity;
  let lastEnd = 0;
  let busy = 0;
  let maxMs = 0;
  for (const job of jobs) {
    const start = job.processedOn ?? 0;
    const end = job.finishedOn ?? start;
    firstStart = Math.min(firstStart, start);
    lastEnd = Math.max(lastEnd, end);
    busy += end - start;
    maxMs = Math.max(maxMs, end - start);
  }
  const since = (ms: number) => (jobs.length === 0 ? 0 : round((ms - epochStart) / 1000, 2));
  return {
    jobs: jobs.length,
    failed: failed.length,
    firstStart: since(firstStart),
    lastEnd: since(lastEnd),
    busySeconds: round(busy / 1000, 2),
    meanMs: jobs.length === 0 ? 0 : Math.round(busy / jobs.length),
    maxMs,
  };
}

async function loadBatches(loader: Loader, epochStart: number): Promise<LoadBatches> {
  const rows = await queryRows<{ at: bigint; files: bigint }>(
    loader.database.connection,
    `SELECT epoch_ms(finished_at) AS at, count(*) AS files FROM submissions
     WHERE finished_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  const sizes = rows.map((r) => Number(r.files));
  const total = sizes.reduce((n, s) => n + s, 0);
  return {
    batches: rows.length,
    meanFiles: rows.length === 0 ? 0 : round(total / rows.length, 1),
    maxFiles: Math.max(0, ...sizes),
    firstAt: rows.length === 0 ? 0 : round((Number(rows[0]!.at) - epochStart) / 1000, 2),
    lastAt: rows.length === 0 ? 0 : round((Number(rows.at(-1)!.at) - epochStart) / 1000, 2),
  };
}
