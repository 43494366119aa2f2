import { performance } from 'node:perf_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, queryRows } from '../db/database.ts';
import { SisError } from '../errors.ts';
import { labelComponents } from './connected-components.ts';
import {
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

/** The count columns of `dedup_runs`, in FINISH_RUN's parameter order ($3 …). */
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

const START_RUN = `
INSERT INTO dedup_runs (run_id, round_id, started_at, status, threshold)
VALUES (nextval('dedup_run_id_seq'), $1, $2::TIMESTAMPTZ, 'running', $3)
RETURNING run_id`;

const FINISH_RUN = `
UPDATE dedup_runs SET status = 'succeeded', finished_at = $2::TIMESTAMPTZ,
  rows_scanned = $3, flagged_records = $4,
  same_id_clusters = $5, same_name_dob_clusters = $6, probable_clusters = $7,
  same_id_pairs = $8, same_name_dob_pairs = $9, probable_pairs = $10, oversized_blocks = $11,
  same_school_clusters = $12
WHERE run_id = $1`;

const FAIL_RUN = `UPDATE dedup_runs SET status = 'failed', finished_at = $2::TIMESTAMPTZ, error = $3 WHERE run_id = $1`;

/**
 * Finds a round's duplicate records and replaces its stored results (`dedup_clusters`,
 * `dedup_members`, `dedup_pairs`). Everything is computed in connection-local temp tables; the
 * swap is one transaction at the end, so a run that fails or is interrupted leaves the previous
 * results as they were, and its `dedup_runs` row says `failed` (or stays `running` if the
 * process died). Runs of one round must not overlap on one connection: the worker serialises
 * them with a deterministic job id.
 */
export async function runDedup(
  connection: DuckDBConnection,
  options: DedupRunOptions,
): Promise<DedupRunSummary> {
  const { roundId, now, hooks } = options;
  const threshold = options.threshold ?? DEFAULT_PROBABLE_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new SisError('input/bad-argument', `dedup threshold must be in [0, 1], got ${threshold}`);
  }
  await assertRoundExists(connection, roundId);
  const started = performance.now();
  // The end time is the given start plus the measured duration: the stage reads no wall clock.
  const finishedAt = (): Date => new Date(now.getTime() + Math.round(performance.now() - started));
  const runId = await startRun(connection, roundId, now, threshold);
  const afterStage = async (stage: DedupStage): Promise<void> => {
    await hooks?.afterStage?.(stage);
  };
  try {
    await buildResults(connection, roundId, runId, threshold, afterStage);
    const counts = await readRunCounts(connection);
    const finished = finishedAt();
    await inTransaction(connection, async () => {
      for (const statement of [...SWAP_STATEMENTS, ...SWAP_SCHOOL_CLAIMS]) {
        await connection.run(statement, [roundId]);
      }
      await connection.run(FINISH_RUN, [
        runId,
        finished.toISOString(),
        ...RUN_COUNT_COLUMNS.map((c) => counts[c]),
      ]);
      await afterStage('before-commit');
    });
    return summarise(runId, roundId, threshold, now, finished, counts);
  } catch (error) {
    await connection
      .run(FAIL_RUN, [runId, finishedAt().toISOString(), (error as Error).message ?? String(error)])
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
    await dropTempTables(connection);
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

async function assertRoundExists(connection: DuckDBConnection, roundId: string): Promise<void> {
  const rows = await queryRows(connection, 'SELECT 1 AS found FROM rounds WHERE round_id = $1', [roundId]);
  if (rows.length === 0)
    throw new SisError('round/unknown', `round ${roundId} is not in the rounds table`, { retryable: false });
}

async function startRun(
  connection: DuckDBConnection,
  roundId: string,
  now: Date,
  threshold: number,
): Promise<number> {
  const [row] = await queryRows<{ run_id: bigint }>(connection, START_RUN, [
    roundId,
    now.toISOString(),
    threshold,
  ]);
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
