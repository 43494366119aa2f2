import { Worker } from 'bullmq';
import { configToEnv, type Config } from '../pipeline/config.ts';
import { redisOptions } from './connection.ts';
import { ANNOTATE_QUEUE, QUEUE_NAMES } from './contract.ts';
import type { Logger } from './logger.ts';
import { SOURCE_PARSE_CHILD, type ParseChild } from './parse-child.ts';
import { PARSE_CHILD_V8_FLAGS } from './v8-flags.js';

/**
 * Times a parse job may be taken up again after its worker vanished (killed, its machine lost)
 * before it fails for good. BullMQ's default is once: a job whose worker died twice (a restart
 * during a deploy, then the OOM killer) closed its files as processing-failed although the
 * files were fine. A file that crashes its parser kills only its sandboxed child, which fails the
 * job as an attempt (JOB_OPTIONS.parse), so stalls say nothing about the file: allow many.
 */
export const PARSE_MAX_STALLS = 10;

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
    maxStalledCount: PARSE_MAX_STALLS,
    workerForkOptions: {
      execArgv: [...child.execArgv, ...PARSE_CHILD_V8_FLAGS],
      env: { ...process.env, ...configToEnv(config) },
    },
  });
}
