import { performance } from 'node:perf_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sql, type Kysely } from 'kysely';
import { queryRows } from '../db/database.ts';
import { withDuckDB } from '../db/kysely-duckdb.ts';
import type { Warehouse } from '../db/schema.ts';
import { SisError } from '../errors.ts';
import { labelComponents } from './connected-components.ts';
import {
  BUILD_BLOCK_SIZES,
  BUILD_BLOCKED_PAIRS,
  BUILD_COMPONENT_IDS,
  BUILD_NAME_FORMS,
  BUILD_OUT_CLUSTERS,
  BUILD_OUT_MEMBERS,
  BUILD_OUT_PAIRS,
  BUILD_PAIRS,
  BUILD_PEOPLE,
  CREATE_CANDIDATES,
  INSERT_PROBABLE_DATE_SLIP_CANDIDATES,
  INSERT_PROBABLE_SAME_DATE_CANDIDATES,
  INSERT_SAME_ID_CANDIDATES,
  INSERT_SAME_NAME_DOB_CANDIDATES,
  READ_RUN_COUNTS,
  SWAP_STATEMENTS,
  TEMP_TABLES,
} from './dedup-sql.ts';
import { BUILD_SCHOOL_CLAIMS, INSERT_SCHOOL_CLUSTERS, SWAP_SCHOOL_CLAIMS } from './same-school-sql.ts';
import {
  DEFAULT_PROBABLE_THRESHOLD,
  type DedupRunOptions,
  type DedupRunSummary,
  type DedupStage,
} from './dedup-types.ts';

/** The count columns of `dedup_runs`. */
const RUN_COUNT_COLUMNS = [
  'rows_scanned',
  'flagged_records',
  'same_id_clusters',
  'same_name_dob_clusters',
  'probable_clusters',
  'same_id_pairs',
  'same_name_dob_pairs',
  'probable_pairs',
  'oversized_blocks',
  'same_school_clusters',
] as const;

type RunCounts = Record<(typeof RUN_COUNT_COLUMNS)[number], bigint>;

/**
 * Finds a round's duplicate records and replaces its stored results (`dedup_clusters`,
 * `dedup_members`, `dedup_pairs`). Everything is computed in connection-local temp tables; the
 * swap is one transaction at the end, so a run that fails or is interrupted leaves the previous
 * results as they were, and its `dedup_runs` row says `failed` (or stays `running` if the
 * process died). Runs of one round must not overlap on one connection: the worker serialises
 * them with a deterministic job id. The run holds the connection's lane throughout (its temp
 * tables live on the connection); the stages are the duplicate-detection SQL of `dedup-sql.ts`,
 * the run's bookkeeping is Kysely's.
 */
export async function runDedup(db: Kysely<Warehouse>, options: DedupRunOptions): Promise<DedupRunSummary> {
  const threshold = options.threshold ?? DEFAULT_PROBABLE_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new SisError('input/bad-argument', `dedup threshold must be in [0, 1], got ${threshold}`);
  }
  return db.connection().execute((held) => runHeld(held, options, threshold));
}

async function runHeld(
  db: Kysely<Warehouse>,
  options: DedupRunOptions,
  threshold: number,
): Promise<DedupRunSummary> {
  const { roundId, now, hooks } = options;
  await assertRoundExists(db, roundId);
  const started = performance.now();
  // The end time is the given start plus the measured duration: the stage reads no wall clock.
  const finishedAt = (): Date => new Date(now.getTime() + Math.round(performance.now() - started));
  const runId = await startRun(db, roundId, now, threshold);
  const afterStage = async (stage: DedupStage): Promise<void> => {
    await hooks?.afterStage?.(stage);
  };
  try {
    await withDuckDB(db, (connection) => buildResults(connection, roundId, runId, threshold, afterStage));
    const counts = await withDuckDB(db, readRunCounts);
    const finished = finishedAt();
    await db.transaction().execute(async (trx) => {
      await withDuckDB(trx, async (connection) => {
        for (const statement of [...SWAP_STATEMENTS, ...SWAP_SCHOOL_CLAIMS])
          await connection.run(statement, [roundId]);
      });
      await trx
        .updateTable('dedup_runs')
        .set({
          status: 'succeeded',
          finished_at: finished,
          ...Object.fromEntries(RUN_COUNT_COLUMNS.map((c) => [c, counts[c]])),
        })
        .where('run_id', '=', BigInt(runId))
        .execute();
      await afterStage('before-commit');
    });
    return summarise(runId, roundId, threshold, now, finished, counts);
  } catch (error) {
    await db
      .updateTable('dedup_runs')
      .set({ status: 'failed', finished_at: finishedAt(), error: (error as Error).message ?? String(error) })
      .where('run_id', '=', BigInt(runId))
      .execute()
      .catch(() => undefined);
    if (error instanceof SisError) throw error;
    throw new SisError(
      'db/failed',
      `dedup run ${runId} of round ${roundId} failed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  } finally {
    await withDuckDB(db, dropTempTables);
  }
}

/** Every stage up to the finished result tables, all in connection-local temp tables. */
async function buildResults(
  connection: DuckDBConnection,
  roundId: string,
  runId: number,
  threshold: number,
  afterStage: (stage: DedupStage) => Promise<void>,
): Promise<void> {
  await connection.run(BUILD_PEOPLE, [roundId]);
  await afterStage('people');
  await connection.run(CREATE_CANDIDATES);
  await connection.run(INSERT_SAME_ID_CANDIDATES);
  await connection.run(INSERT_SAME_NAME_DOB_CANDIDATES);
  await connection.run(BUILD_BLOCK_SIZES);
  await connection.run(BUILD_BLOCKED_PAIRS);
  await connection.run(BUILD_NAME_FORMS);
  await connection.run(INSERT_PROBABLE_SAME_DATE_CANDIDATES, [threshold]);
  await connection.run(INSERT_PROBABLE_DATE_SLIP_CANDIDATES, [threshold]);
  await connection.run(BUILD_PAIRS);
  await afterStage('pairs');
  await labelComponents(connection);
  await connection.run(BUILD_COMPONENT_IDS, [roundId]);
  await connection.run(BUILD_OUT_CLUSTERS, [roundId, runId]);
  await connection.run(BUILD_OUT_MEMBERS, [roundId]);
  await connection.run(BUILD_OUT_PAIRS, [roundId]);
  await connection.run(BUILD_SCHOOL_CLAIMS, [roundId]);
  await connection.run(INSERT_SCHOOL_CLUSTERS, [roundId, runId]);
  await afterStage('clusters');
}

async function assertRoundExists(db: Kysely<Warehouse>, roundId: string): Promise<void> {
  const round = await db
    .selectFrom('rounds')
    .select('round_id')
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  if (!round)
    throw new SisError('round/unknown', `round ${roundId} is not in the rounds table`, { retryable: false });
}

async function startRun(
  db: Kysely<Warehouse>,
  roundId: string,
  now: Date,
  threshold: number,
): Promise<number> {
  const row = await db
    .insertInto('dedup_runs')
    .values({
      run_id: sql<bigint>`nextval('dedup_run_id_seq')`,
      round_id: roundId,
      started_at: now,
      status: 'running',
      threshold,
    })
    .returning('run_id')
    .executeTakeFirst();
  if (!row) throw new SisError('internal/bug', 'dedup_runs insert returned no run id');
  return Number(row.run_id);
}

async function readRunCounts(connection: DuckDBConnection): Promise<RunCounts> {
  const [row] = await queryRows<RunCounts & Record<string, unknown>>(connection, READ_RUN_COUNTS);
  if (!row) throw new SisError('internal/bug', 'dedup counts query returned no row');
  return row;
}

async function dropTempTables(connection: DuckDBConnection): Promise<void> {
  for (const table of TEMP_TABLES)
    await connection.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
}

function summarise(
  runId: number,
  roundId: string,
  threshold: number,
  startedAt: Date,
  finishedAt: Date,
  counts: RunCounts,
): DedupRunSummary {
  const byRule = {
    sameId: Number(counts.same_id_clusters),
    sameNameDob: Number(counts.same_name_dob_clusters),
    probable: Number(counts.probable_clusters),
  };
  return {
    runId,
    roundId,
    status: 'succeeded',
    threshold,
    startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    rowsScanned: Number(counts.rows_scanned),
    flaggedRecords: Number(counts.flagged_records),
    clusters: byRule.sameId + byRule.sameNameDob + byRule.probable,
    byRule,
    pairsByRule: {
      sameId: Number(counts.same_id_pairs),
      sameNameDob: Number(counts.same_name_dob_pairs),
      probable: Number(counts.probable_pairs),
    },
    oversizedBlocks: Number(counts.oversized_blocks),
    schoolClaims: Number(counts.same_school_clusters),
  };
}
