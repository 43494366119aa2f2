import { Worker } from 'bullmq';
import { configToEnv, type Config } from '../pipeline/config.ts';
import { redisOptions } from './connection.ts';
import { QUEUE_NAMES } from './contract.ts';
import type { Logger } from './logger.ts';
import { SOURCE_PARSE_CHILD, type ParseChild } from './parse-child.ts';

/**
 * Times a parse job may be taken up again after its worker vanished (killed, its machine lost)
 * before it fails for good. BullMQ's default is once: a job whose worker died twice (a restart
 * during a deploy, then the OOM killer) closed its files as processing-failed although the
 * files were fine. A file that crashes its parser kills only its sandboxed child, which fails the
 * job as an attempt (JOB_OPTIONS.parse), so stalls say nothing about the file: allow many.
 */
export const PARSE_MAX_STALLS = 10;

/**
 * Starts a `parse` worker. It needs Redis and the shared data folder, not the database, so more
 * of them can run on other machines. Its sandboxed children (a child process per concurrent
 * job keeps parsing off the event loop) start as `child` says.
 */
export async function startParseWorker(
  config: Config,
  log: Logger,
  child: ParseChild = SOURCE_PARSE_CHILD,
): Promise<Worker> {
  const lockDuration = config.jobLockMs;
  const worker = new Worker(QUEUE_NAMES.parse, child.file, {
    connection: redisOptions(config),
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    lockDuration,
    stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
    maxStalledCount: PARSE_MAX_STALLS,
    workerForkOptions: {
      execArgv: [...child.execArgv],
      env: { ...process.env, ...configToEnv(config) },
    },
  });
  worker.on('error', (error) => log.error('parse worker error', { error }));
  worker.on('failed', (job, error) => log.warn('parse job failed', { job: job?.id, error }));
  await worker.waitUntilReady();
  return worker;
}
