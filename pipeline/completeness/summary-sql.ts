import type { DuckDBConnection } from '@duckdb/node-api';

/*
 * The loader's upkeep of `completeness_summary`, raw DuckDB SQL in one place: it runs inside the
 * transaction that loads, replaces or rejects rosters, so a reader sees a roster and its
 * completeness row change together. The rule (also the migration's backfill) for one round,
 * roster template and institution with a finished file: its current file's status (`accepted`,
 * `partial`) and rows; else `rejected` when a file of it ended rejected.
 */

/** The roster templates whose subjects are registry institutions (school → pupils, cdc → children). */
export const INSTITUTION_TEMPLATES = { school: 'sis-students', cdc: 'ccis-children' } as const;

/**
 * Recomputes the completeness rows of the (round, template, institution) keys that the
 * submissions selected by `submissionIdsSql` (a `SELECT submission_id …`) belong to. Call after
 * those submissions got their outcome, on a connection inside the writing transaction.
 */
export async function refreshCompletenessSummary(
  c: DuckDBConnection,
  submissionIdsSql: string,
): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE completeness_keys AS
    SELECT DISTINCT round_id, template_id, subject_code AS institution_code FROM submissions
    WHERE submission_id IN (${submissionIdsSql}) AND round_id IS NOT NULL AND subject_code IS NOT NULL
      AND template_id IN ('sis-students', 'ccis-children')`);
  await c.run(`DELETE FROM completeness_summary s USING completeness_keys k
    WHERE s.round_id = k.round_id AND s.template_id = k.template_id AND s.institution_code = k.institution_code`);
  await c.run(`INSERT INTO completeness_summary
    WITH f AS (
      SELECT s.* FROM submissions s JOIN completeness_keys k
        ON s.round_id = k.round_id AND s.template_id = k.template_id AND s.subject_code = k.institution_code
      WHERE s.finished_at IS NOT NULL
    ),
    cur AS (SELECT submission_id FROM f WHERE is_current),
    counts AS (
      SELECT submission_id, count(*) AS n FROM pupils WHERE submission_id IN (SELECT submission_id FROM cur) GROUP BY submission_id
      UNION ALL
      SELECT submission_id, count(*) AS n FROM children WHERE submission_id IN (SELECT submission_id FROM cur) GROUP BY submission_id
    )
    SELECT f.round_id, f.template_id, f.subject_code,
      coalesce(max(f.status) FILTER (WHERE f.is_current),
               CASE WHEN bool_or(f.status = 'rejected') THEN 'rejected' END) AS status,
      max(f.submission_id) FILTER (WHERE f.is_current),
      coalesce(max(c.n) FILTER (WHERE f.is_current), CASE WHEN bool_or(f.is_current) THEN 0 END)::INTEGER,
      count(*)::INTEGER,
      max(f.uploaded_at),
      max(f.finished_at) FILTER (WHERE f.status IN ('accepted', 'partial'))
    FROM f LEFT JOIN counts c ON c.submission_id = f.submission_id
    GROUP BY f.round_id, f.template_id, f.subject_code
    HAVING status IS NOT NULL`);
  await c.run('DROP TABLE IF EXISTS completeness_keys');
}
