import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Config } from '../pipeline/config.ts';
import { runtimePaths } from '../pipeline/config.ts';
import { closeDatabase, openDatabase, type Database } from '../pipeline/db/database.ts';
import { createKysely } from '../pipeline/db/kysely-duckdb.ts';
import { syncReference } from '../pipeline/db/reference-repository.ts';
import type { Warehouse } from '../pipeline/db/schema.ts';
import { isPermanentError } from '../pipeline/errors.ts';
import type { Reference } from '../pipeline/reference/reference.ts';
import { openQueues, redisOptions, type Queues } from './connection.ts';
import { QUEUE_NAMES, dedupPayloadSchema, loadPayloadSchema, registerPayloadSchema } from './contract.ts';
import { loadParsedFile } from './processors/load.ts';
import { loadRegistryFiles, registryPayloadSchema } from './processors/registry.ts';
import type { ReadLimits } from '../pipeline/read/workbook.ts';
import { registerUpload } from './processors/register.ts';
import { runDedupJob, scheduleDedup } from './processors/dedup.ts';
import type { Logger } from './logger.ts';

export interface LoaderDeps {
  readonly config: Config;
  readonly reference: Reference;
  readonly log: Logger;
  /** The clock; tests pass a fixed one. */
  readonly now?: () => Date;
}

/** The running loader: the one process that owns the DuckDB file. */
export interface Loader {
  readonly database: Database;
  readonly db: Kysely<Warehouse>;
  readonly queues: Queues;
  close(): Promise<void>;
}

/**
 * Opens the warehouse, mirrors the reference tables into it and starts the `load` queue's
 * worker (concurrency 1: DuckDB has one writer). Closes cleanly: the current job finishes first.
 */
export async function startLoader(deps: LoaderDeps): Promise<Loader> {
  const paths = runtimePaths(deps.config);
  const database = await openDatabase(paths.database);
  const db = createKysely<Warehouse>(database.connection);
  await syncReference(database.connection, deps.reference);
  const queues = await openQueues(deps.config);
  const now = deps.now ?? (() => new Date());
  const jobDeps = { connection: database.connection, db, paths, now, queues, config: deps.config, reference: deps.reference, log: deps.log };
  const worker = new Worker(QUEUE_NAMES.load, (job: Job) => routeJob(jobDeps, job), {
    connection: redisOptions(deps.config),
    prefix: deps.config.queuePrefix,
    concurrency: 1,
    lockDuration: deps.config.jobLockMs,
    stalledInterval: Math.max(1000, Math.floor(deps.config.jobLockMs / 2)),
  });
  worker.on('error', (error) => deps.log.error('loader worker error', { error: error.message }));
  worker.on('failed', (job, error) => deps.log.warn('load job failed', { job: job?.id, error: error.message }));
  await worker.waitUntilReady();
  return {
    database,
    db,
    queues,
    async close() {
      await worker.close();
      await queues.close();
      closeDatabase(database);
    },
  };
}

type JobDeps = Omit<Parameters<typeof loadParsedFile>[0], 'onLoaded' | 'paths'> & {
  paths: ReturnType<typeof runtimePaths>;
  queues: Queues;
  config: Config;
  reference: Reference;
  log: Logger;
};

/** Upload bounds from configuration. */
export function readLimits(config: Pick<Config, 'maxUploadBytes' | 'maxRows'>): ReadLimits {
  return { maxBytes: config.maxUploadBytes, maxRows: config.maxRows };
}

async function routeJob(deps: JobDeps, job: Job): Promise<unknown> {
  try {
    switch (job.name) {
      case 'register':
        return await registerUpload(deps, registerPayloadSchema.parse(job.data));
      case 'load':
        return await loadParsedFile(
          { ...deps, onLoaded: (report) => scheduleDedup(deps.queues, report.round) },
          loadPayloadSchema.parse(job.data),
        );
      case 'registry':
        return await loadRegistryFiles(
          { ...deps, reference: deps.reference, limits: readLimits(deps.config), uploads: deps.paths.uploads },
          registryPayloadSchema.parse(job.data),
        );
      case 'dedup':
        return await runDedupJob(
          { ...deps, threshold: deps.config.dedupThreshold, reports: deps.paths.reports },
          dedupPayloadSchema.parse(job.data),
        );
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  } catch (error) {
    if (isPermanentError(error)) throw new UnrecoverableError((error as Error).message);
    throw error;
  }
}
