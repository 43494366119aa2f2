import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { configToEnv, type Config } from '../pipeline/config.ts';
import { redisOptions } from './connection.ts';
import { ANNOTATE_QUEUE, QUEUE_NAMES } from './contract.ts';
import type { Logger } from './logger.ts';

/**
 * Node flags of the parse children (the benchmark starts its worker-like child with the same).
 * A larger young generation (`--max-semi-space-size=32`) cut the children's GC time on the whole
 * country but lifted a 50,000-row workbook's peak to ~400 MB, the bound: V8's defaults stay.
 */
export const PARSE_CHILD_EXEC_ARGV = ['--import', import.meta.resolve('tsx')];

/** How a sandboxed parse child starts: its processor module and its Node flags. */
export interface ParseChild {
  readonly file: string;
  readonly execArgv: readonly string[];
}

/**
 * The processor from the sources: each child compiles its TypeScript through tsx as it starts
 * (about a second). `bin/` hands a built one to {@link startParseWorker} when it has one.
 */
export const SOURCE_PARSE_CHILD: ParseChild = {
  file: fileURLToPath(new URL('./processors/parse-sandbox.ts', import.meta.url)),
  execArgv: PARSE_CHILD_EXEC_ARGV,
};

/** The workers of a parse process: parsing, and building annotated workbooks after loads. */
export interface ParseWorker {
  close(): Promise<void>;
}

/** Annotated workbooks are built one at a time per process: they wait, the counting does not. */
const ANNOTATE_CONCURRENCY = 1;

/**
 * Starts a `parse` worker and an `annotate` worker. They need Redis and the shared data folder,
 * not the database, so more of them can run on other machines. Their sandboxed children (a child
 * process per concurrent job keeps parsing and workbook building off the event loop, and out of
 * the process that owns the warehouse) start as `child` says.
 */
export async function startParseWorker(
  config: Config,
  log: Logger,
  child: ParseChild = SOURCE_PARSE_CHILD,
): Promise<ParseWorker> {
  const parse = sandboxedWorker(QUEUE_NAMES.parse, config, child, config.workerConcurrency);
  const annotate = sandboxedWorker(ANNOTATE_QUEUE, config, child, ANNOTATE_CONCURRENCY);
  parse.on('error', (error) => log.error('parse worker error', { error }));
  parse.on('failed', (job, error) => log.warn('parse job failed', { job: job?.id, error }));
  annotate.on('error', (error) => log.error('annotate worker error', { error }));
  annotate.on('failed', (job, error) => log.warn('annotate job failed', { job: job?.id, error }));
  await Promise.all([parse.waitUntilReady(), annotate.waitUntilReady()]);
  return {
    async close() {
      await Promise.all([parse.close(), annotate.close()]);
    },
  };
}

function sandboxedWorker(queue: string, config: Config, child: ParseChild, concurrency: number): Worker {
  const lockDuration = config.jobLockMs;
  return new Worker(queue, child.file, {
    connection: redisOptions(config),
    prefix: config.queuePrefix,
    concurrency,
    lockDuration,
    stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
    workerForkOptions: {
      execArgv: [...child.execArgv],
      env: { ...process.env, ...configToEnv(config) },
    },
  });
}
