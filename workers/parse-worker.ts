import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { configToEnv, type Config } from '../pipeline/config.ts';
import { redisOptions } from './connection.ts';
import { QUEUE_NAMES } from './contract.ts';
import type { Logger } from './logger.ts';

/** The sandboxed processor: a child process per concurrent job keeps parsing off the event loop. */
const PROCESSOR_FILE = fileURLToPath(new URL('./processors/parse-sandbox.ts', import.meta.url));

/**
 * Starts a `parse` worker. It needs Redis and the shared data folder, not the database, so more
 * of them can run on other machines. The child processes load TypeScript through tsx.
 */
export async function startParseWorker(config: Config, log: Logger): Promise<Worker> {
  const lockDuration = config.jobLockMs;
  const worker = new Worker(QUEUE_NAMES.parse, PROCESSOR_FILE, {
    connection: redisOptions(config),
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    lockDuration,
    stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
    workerForkOptions: {
      execArgv: ['--import', import.meta.resolve('tsx')],
      env: { ...process.env, ...configToEnv(config) },
    },
  });
  worker.on('error', (error) => log.error('parse worker error', { error: error.message }));
  worker.on('failed', (job, error) => log.warn('parse job failed', { job: job?.id, error: error.message }));
  await worker.waitUntilReady();
  return worker;
}
