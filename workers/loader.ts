import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import { ZodError } from 'zod';
import type { Config } from '../pipeline/config.ts';
import { readLimits, runtimePaths } from '../pipeline/config.ts';
import {
  closeDatabase,
  openDatabase,
  setMemoryLimit,
  withMemoryLimit,
  type Database,
} from '../pipeline/db/database.ts';
import { roundWindows, syncReference } from '../pipeline/db/reference-repository.ts';
import type { Warehouse } from '../pipeline/db/schema.ts';
import { isPermanentError } from '../pipeline/errors.ts';
import type { Reference } from '../pipeline/reference/reference.ts';
import { MicroBatcher, Serial } from './batcher.ts';
import { openQueues, redisOptions, type Queues } from './connection.ts';
import {
  QUEUE_NAMES,
  dedupPayloadSchema,
  loadPayloadSchema,
  registerPayloadSchema,
  type LoadPayload,
  type LoadResult,
  type RegisterPayload,
  type RegisterResult,
} from './contract.ts';
import type { Logger } from './logger.ts';
import { reenqueueLostGroups } from './processors/reconcile.ts';
import {
  runScheduledReminders,
  scheduleReminders,
  scheduledRemindPayloadSchema,
} from './processors/remind-schedule.ts';
import { runDedupJob, scheduleDedup, scheduleWindowDedup, type DedupJobResult } from './processors/dedup.ts';
import { conflictsPayloadSchema, writeConflicts } from './processors/dedup-conflicts.ts';
import {
  decideMember,
  decisionPayloadSchema,
  markMembersNotSame,
  notSamePayloadSchema,
} from './processors/dedup-decisions.ts';
import { accountPayloadSchema, applyAccountChange } from './processors/accounts.ts';
import { closeGroupAsFailed, loadGroups, type LoadJobDeps } from './processors/load.ts';
import { markRecordJob, recordMarkPayloadSchema } from './processors/record-decisions.ts';
import { registerUploads } from './processors/register.ts';
import { runSnapshotJob, scheduleSnapshot, snapshotPayloadSchema } from './processors/snapshot.ts';
import { applyWindowChange, windowPayloadSchema } from './processors/window.ts';
import { loadRegistryFiles, registryPayloadSchema } from './processors/registry.ts';
import type { Mailer } from './mail.ts';

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
  /**
   * Runs database work in the loader's lane, between batches: the one safe way for code in this
   * process to write (a batch's side tables and transactions live on the connection).
   */
  exclusive<T>(work: (db: Kysely<Warehouse>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Jobs the loader holds at once (they wait in memory, cheaply): enough to fill a batch of loads
 * while DuckDB works on the last one AND still take new registrations, which share the queue.
 */
const LOADER_CONCURRENCY = 200;
/**
 * Registrations go first: they start parse jobs, and parse workers must never wait on loads.
 * Sizes count jobs: a register job carries a wave of up to 64 uploads, a load job a group of
 * up to 16 files; a batch of loads holds up to about 500 files.
 */
const REGISTER_BATCH = { maxSize: 32, maxWaitMs: 20, priority: 0 };
const LOAD_BATCH = { maxSize: 32, maxWaitMs: 20, priority: 1 };

/**
 * Opens the warehouse, mirrors the reference tables into it and starts the `load` queue's
 * worker. DuckDB has one writer, so jobs meet in batches that run one at a time: many files per
 * transaction, set-based. Closes cleanly: jobs in hand finish first.
 */
export async function startLoader(deps: LoaderDeps): Promise<Loader> {
  const paths = runtimePaths(deps.config);
  // Opened at the larger bound (a write-ahead log to replay, migrations), then DuckDB runs small
  // while it loads; duplicate detection and snapshots raise the bound again (below).
  const database = await openDatabase(paths.database, { memory: deps.config.duckdb });
  const db = database.db;
  await syncReference(db, deps.reference);
  await setMemoryLimit(db, deps.config.duckdb.loadMemoryLimit);
  const queues = await openQueues(deps.config);
  const now = deps.now ?? (() => new Date());
  const serial = new Serial();
  // The mailer, and below the sign-off's processor, are imported only when used: most loaders
  // (every `sis` command that starts one) never send mail or certify, and they start faster.
  const mailer = deps.config.smtpUrl
    ? await (
        await import('./mail.ts')
      ).startMailer(deps.config, { exclusive: (work) => serial.run(() => work(db)) }, deps.log)
    : undefined;
  const route = createRouter({ ...deps, database, db, queues, paths, now, mailer }, serial);
  const worker = new Worker(QUEUE_NAMES.load, route, {
    connection: redisOptions(deps.config),
    prefix: deps.config.queuePrefix,
    concurrency: LOADER_CONCURRENCY,
    lockDuration: deps.config.jobLockMs,
    stalledInterval: Math.max(1000, Math.floor(deps.config.jobLockMs / 2)),
    // A loader that dies holds up to LOADER_CONCURRENCY jobs; they go back to wait rather than
    // fail outright (a job failed by stalling never reaches the processor that closes its files).
    maxStalledCount: 3,
  });
  worker.on('error', (error) => deps.log.error('loader worker error', { error }));
  worker.on('failed', (job, error) => deps.log.warn('load job failed', { job: job?.id, error }));
  await worker.waitUntilReady();
  // Repeats run on Redis' real clock, so the schedule follows the real time, not an injected one.
  // The warehouse's windows, not the shipped file's: an admin may have moved one.
  const windows = await roundWindows(db);
  await scheduleWindowDedup(queues, windows, new Date());
  await scheduleReminders(queues, windows, deps.config.remindDays, now());
  const lost = await reenqueueLostGroups(db, queues);
  if (lost.length > 0) deps.log.warn('re-enqueued files the queue had lost', { groups: lost.length });
  return {
    database,
    db,
    queues,
    exclusive: (work) => serial.run(() => work(db)),
    async close() {
      await worker.close();
      await mailer?.close();
      await queues.close();
      closeDatabase(database);
    },
  };
}

interface RouterDeps extends LoaderDeps {
  readonly database: Database;
  readonly db: Kysely<Warehouse>;
  readonly queues: Queues;
  readonly paths: ReturnType<typeof runtimePaths>;
  readonly now: () => Date;
  readonly mailer: Mailer | undefined;
}

/** Routes jobs by name; registers and loads go through batchers, the rest run alone in turn. */
function createRouter(deps: RouterDeps, serial: Serial): (job: Job) => Promise<unknown> {
  const { db } = deps;
  const registers = new MicroBatcher<RegisterPayload, RegisterResult>(
    (items) => registerUploads(deps, items),
    serial,
    REGISTER_BATCH,
  );
  const loadDeps: LoadJobDeps = {
    db,
    paths: deps.paths,
    now: deps.now,
    onLoaded: async (rounds) => {
      await scheduleRounds(deps.queues, rounds, deps.config.dedupDebounceMs);
      await scheduleSnapshot(deps.queues, deps.config.snapshotIntervalMs);
    },
  };
  const loads = new MicroBatcher<LoadPayload, LoadResult>(
    (items) => loadGroups(loadDeps, items),
    serial,
    LOAD_BATCH,
  );
  const alone = (work: () => Promise<unknown>, priority = 0) => serial.run(work, priority);
  // The set-based batch work gets the larger memory bound; loads and the rest run at the load bound.
  const limits = { during: deps.config.duckdb.memoryLimit, after: deps.config.duckdb.loadMemoryLimit };
  // A limit that cannot be set back (a page's query still holds memory) is tried once more after
  // the work then waiting; until then DuckDB keeps the larger bound, as before the split.
  const notRestored = (error: unknown) => {
    deps.log.warn('DuckDB memory limit not set back after batch work; trying again', { error });
    void serial
      .run(() => setMemoryLimit(db, limits.after), 4)
      .catch((again: unknown) => deps.log.warn('DuckDB memory limit still not set back', { error: again }));
  };
  const batch = <T>(work: () => Promise<T>) => withMemoryLimit(db, limits, work, notRestored);
  // A group whose load fails for good is closed as processing-failed rather than left queued.
  const load = async (job: Job, payload: LoadPayload) => {
    try {
      return await loads.submit(payload);
    } catch (error) {
      if (!isPermanentError(error) && !isLastAttempt(job)) throw error;
      deps.log.error('load failed for good; its files are closed as processing-failed', {
        job: job.id,
        error,
      });
      return await alone(() => closeGroupAsFailed(loadDeps, payload), 1);
    }
  };
  return async (job: Job) => {
    try {
      switch (job.name) {
        case 'register':
          return await registers.submit(registerPayloadSchema.parse(job.data));
        case 'load':
          return await load(job, loadPayloadSchema.parse(job.data));
        case 'registry':
          return await alone(() =>
            loadRegistryFiles(
              {
                db,
                reference: deps.reference,
                limits: readLimits(deps.config),
                uploads: deps.paths.uploads,
                now: deps.now,
              },
              registryPayloadSchema.parse(job.data),
            ),
          );
        case 'dedup': {
          // After pending loads: a run over a half-loaded wave would be out of date at once.
          const result = await alone(
            () =>
              batch(() =>
                runDedupJob(
                  {
                    db,
                    queues: deps.queues,
                    threshold: deps.config.dedupThreshold,
                    debounceMs: deps.config.dedupDebounceMs,
                    reports: deps.paths.reports,
                    now: deps.now,
                  },
                  dedupPayloadSchema.parse(job.data),
                ),
              ),
            2,
          );
          if (!('deferred' in (result as DedupJobResult)))
            await scheduleSnapshot(deps.queues, deps.config.snapshotIntervalMs);
          return result;
        }
        case 'snapshot':
          snapshotPayloadSchema.parse(job.data);
          return await alone(
            // Snapshot time is the real time: freshness is what readers are told.
            () => batch(() => runSnapshotJob({ db, snapshots: deps.paths.snapshots, now: () => new Date() })),
            3,
          );
        case 'dedup-decide':
          return await alone(() => decideMember(db, decisionPayloadSchema.parse(job.data)));
        case 'dedup-not-same':
          return await alone(() => markMembersNotSame(db, notSamePayloadSchema.parse(job.data)));
        case 'dedup-conflicts':
          return await alone(() =>
            writeConflicts(
              { db: deps.db, reports: deps.paths.reports },
              conflictsPayloadSchema.parse(job.data),
            ),
          );
        case 'record-mark':
          return await alone(() => markRecordJob(deps.db, recordMarkPayloadSchema.parse(job.data)));
        case 'accounts':
          return await alone(() =>
            applyAccountChange(
              {
                db: deps.db,
                provinces: new Set(deps.reference.provinces.map((p) => p.code)),
              },
              accountPayloadSchema.parse(job.data),
            ),
          );
        case 'window': {
          const payload = windowPayloadSchema.parse(job.data);
          let moved: Awaited<ReturnType<typeof roundWindows>> = [];
          const result = await alone(async () => {
            const applied = await applyWindowChange(deps.db, payload);
            if (payload.op === 'window-set') moved = await roundWindows(deps.db, payload.roundId);
            return applied;
          });
          // A moved window moves its scheduled duplicate detection and reminders with it.
          if (moved.length > 0) {
            await scheduleWindowDedup(deps.queues, moved, new Date());
            await scheduleReminders(deps.queues, moved, deps.config.remindDays, deps.now());
          }
          return result;
        }
        case 'remind':
          // A scheduled run (SIS_REMIND_DAYS): every province, waiting for mail outside the lane.
          return await runScheduledReminders(
            {
              db: deps.db,
              reference: deps.reference,
              lane: (work) => serial.run(work),
              mailer: deps.mailer,
              now: deps.now,
              remindersDir: deps.paths.reminders,
            },
            scheduledRemindPayloadSchema.parse(job.data),
          );
        case 'signoff': {
          const { applySignoff, runReminders, signoffPayloadSchema } =
            await import('./processors/signoff.ts');
          const payload = signoffPayloadSchema.parse(job.data);
          const signoff = { db: deps.db, reference: deps.reference };
          // Reminders wait for their mail outside the lane; everything else runs in it.
          if (payload.op === 'remind')
            return await runReminders(
              { ...signoff, lane: (work) => serial.run(work), mailer: deps.mailer },
              payload,
            );
          return await alone(() => applySignoff(signoff, payload));
        }
        default:
          throw new UnrecoverableError(`unknown job ${job.name}`);
      }
    } catch (error) {
      // Our permanent errors and payloads that fail their schema cannot succeed on a retry.
      if (isPermanentError(error) || error instanceof ZodError)
        throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  };
}

function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

async function scheduleRounds(
  queues: Queues,
  rounds: ReadonlySet<string>,
  debounceMs: number,
): Promise<void> {
  for (const round of rounds) await scheduleDedup(queues, round, debounceMs);
}
