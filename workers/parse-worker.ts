import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { configToEnv, type Config } from '../pipeline/config.ts';
import { redisOptions } from './connection.ts';
import { QUEUE_NAMES } from './contract.ts';
import type { Logger } from './logger.ts';

/**
 * Node flags of the parse children (the benchmark starts its worker-like child with the same).
 * A larger young generation (`--max-semi-space-size=32`) cut the children's GC time on the whole
 * country but lifted a 50,000-row workbook's peak to ~400 MB, the bound: V8's defaults stay.
 */
export const PARSE_CHILD_EXEC_ARGV = ['--import', import.meta.resolve('tsx')];

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
      execArgv: PARSE_CHILD_EXEC_ARGV,
      env: { ...process.env, ...configToEnv(config) },
    },
  });
  worker.on('error', (error) => log.error('parse worker error', { error: error.message }));
  worker.on('failed', (job, error) => log.warn('parse job failed', { job: job?.id, error: error.message }));
  await worker.waitUntilReady();
  return worker;
}
