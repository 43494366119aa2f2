import type { DuckDBConnection } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';
import { queryRows } from '../../../pipeline/db/database.ts';
import { createKysely } from '../../../pipeline/db/kysely-duckdb.ts';
import type { Warehouse } from '../../../pipeline/db/schema.ts';
import { BUILD_PEOPLE, TEMP_TABLES } from '../../../pipeline/dedup/dedup-sql.ts';
import { DEFAULT_PROBABLE_THRESHOLD } from '../../../pipeline/dedup/dedup-types.ts';
import { runDedup } from '../../../pipeline/dedup/run-dedup.ts';
import { nameFormsSql, nameSimilaritySql } from '../../../pipeline/dedup/thai-name-sql.ts';

/*
 * The baseline that blocking is measured against: rule 3 (probable same person) with every pair
 * of a sample compared by the very name-similarity SQL the stage uses, then checked for province,
 * sex and birth date. Its cost grows with n², so the sample's time extrapolates to a full round.
 */

const SAMPLE_ROUND = 'bench-naive-sample';
/** The speed data set plants one duplicate of each kind per 200 consecutive rows. */
const WINDOW = 200;

export interface NaiveBaseline {
  readonly sampleRows: number;
  readonly pairsCompared: number;
  /** Seconds to score all pairs of the sample (rule 3 only). */
  readonly naiveSeconds: number;
  /** Seconds of a whole blocked run (all three rules) on the same sample. */
  readonly blockedSeconds: number;
  /** Rule 3 pairs found each way: equal counts mean blocking lost nothing on the sample. */
  readonly naiveProbablePairs: number;
  readonly blockedProbablePairs: number;
}

/** Every sampled row with its name forms attached (a struct per name part), computed once per row. */
const BUILD_NAIVE_ROWS = `
CREATE OR REPLACE TEMP TABLE bench_naive_rows AS
WITH keys AS (SELECT first_key AS key FROM dedup_tmp_people UNION SELECT last_key FROM dedup_tmp_people),
forms AS (SELECT key, ${nameFormsSql('key')} FROM keys)
SELECT p.rid, p.national_id, p.id_kind, p.province_code, p.birth_date, p.sex, p.first_key, p.last_key,
       p.first_key || ' ' || p.last_key AS name_key,
       {'key': f.key, 'folded': f.folded, 'skeleton': f.skeleton, 'folded_bytes': f.folded_bytes} AS fn,
       {'key': l.key, 'folded': l.folded, 'skeleton': l.skeleton, 'folded_bytes': l.folded_bytes} AS ln
FROM dedup_tmp_people p
JOIN forms f ON f.key = p.first_key
JOIN forms l ON l.key = p.last_key
WHERE p.has_name AND p.province_code IS NOT NULL`;

/**
 * $1: threshold. The name score of every pair is computed first, in a materialised step that no
 * place or date condition can reach (else the optimiser would turn them into a blocking join);
 * only the pairs above the threshold are then checked as rule 3 checks them.
 */
const NAIVE_PROBABLE = `
WITH scored AS MATERIALIZED (
  SELECT a, b FROM (
    SELECT a.rid AS a, b.rid AS b,
           (${nameSimilaritySql('a.fn', 'b.fn')}) * (${nameSimilaritySql('a.ln', 'b.ln')}) AS name_score
    FROM bench_naive_rows a JOIN bench_naive_rows b ON a.rid < b.rid
  ) WHERE name_score >= $1::DOUBLE
)
SELECT count(*) FILTER (
         a.birth_date = b.birth_date AND a.name_key <> b.name_key
         AND NOT (a.last_key = b.last_key AND a.first_key <> b.first_key
                  AND a.id_kind = 'national-id' AND b.id_kind = 'national-id'
                  AND left(a.national_id, 10) = left(b.national_id, 10))) AS same_date,
       -- A day/month swap is its own inverse, so one direction finds it; the CASE keeps make_date from invalid days.
       count(*) FILTER (
         a.name_key = b.name_key AND (
           CASE WHEN day(a.birth_date) <= 12 AND day(a.birth_date) <> month(a.birth_date)
                THEN make_date(year(a.birth_date), day(a.birth_date), month(a.birth_date)) END = b.birth_date
           OR (b.birth_date + INTERVAL 1 YEAR)::DATE = a.birth_date OR (a.birth_date + INTERVAL 1 YEAR)::DATE = b.birth_date
           OR (b.birth_date + INTERVAL 543 YEAR)::DATE = a.birth_date OR (a.birth_date + INTERVAL 543 YEAR)::DATE = b.birth_date
         )) AS date_slip
FROM scored s
JOIN bench_naive_rows a ON a.rid = s.a
JOIN bench_naive_rows b ON b.rid = s.b
WHERE a.province_code = b.province_code AND a.sex = b.sex AND a.national_id <> b.national_id`;

/**
 * Copies a sample of about `sampleRows` rows of `roundId` into a round of their own, times a
 * whole blocked dedup run on it, then rule 3 over all its pairs. Leaves the sample round in place.
 */
export async function measureNaiveBaseline(
  connection: DuckDBConnection,
  roundId: string,
  sampleRows: number,
  threshold = DEFAULT_PROBABLE_THRESHOLD,
): Promise<NaiveBaseline> {
  await copySample(connection, roundId, sampleRows);
  let start = performance.now();
  const blocked = await runDedup(createKysely<Warehouse>(connection), {
    roundId: SAMPLE_ROUND,
    now: new Date(),
    threshold,
  });
  const blockedSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  try {
    await connection.run(BUILD_PEOPLE, [SAMPLE_ROUND]);
    await connection.run(BUILD_NAIVE_ROWS);
    const [counts] = await queryRows<{ same_date: bigint; date_slip: bigint }>(connection, NAIVE_PROBABLE, [
      threshold,
    ]);
    const naiveSeconds = (performance.now() - start) / 1000;
    const [rows] = await queryRows<{ n: bigint }>(connection, 'SELECT count(*) AS n FROM bench_naive_rows');
    const n = Number(rows?.n ?? 0);
    return {
      sampleRows: n,
      pairsCompared: (n * (n - 1)) / 2,
      naiveSeconds,
      blockedSeconds,
      naiveProbablePairs: Number(counts?.same_date ?? 0) + Number(counts?.date_slip ?? 0),
      blockedProbablePairs: blocked.pairsByRule.probable,
    };
  } finally {
    for (const table of [...TEMP_TABLES, 'bench_naive_rows'])
      await connection.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  }
}

/**
 * The sample: every k-th window of 200 consecutive rows (by row number), so that it keeps the
 * duplicates the speed data set plants within each window and both ways have pairs to find.
 */
async function copySample(connection: DuckDBConnection, roundId: string, sampleRows: number): Promise<void> {
  const [row] = await queryRows<{ total: bigint }>(
    connection,
    `SELECT (SELECT count(*) FROM pupils WHERE round_id = $1) + (SELECT count(*) FROM children WHERE round_id = $1) AS total`,
    [roundId],
  );
  const every = Math.max(1, Math.floor(Number(row?.total ?? 0) / sampleRows));
  await connection.run(
    `INSERT INTO rounds SELECT * REPLACE ('${SAMPLE_ROUND}' AS round_id) FROM rounds WHERE round_id = $1`,
    [roundId],
  );
  for (const table of ['pupils', 'children'])
    await connection.run(
      `INSERT INTO ${table} SELECT * REPLACE ('${SAMPLE_ROUND}' AS round_id) FROM ${table}
       WHERE round_id = $1 AND (row_number // ${WINDOW}) % ${every} = 0`,
      [roundId],
    );
}
