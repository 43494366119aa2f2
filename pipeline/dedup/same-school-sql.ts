/*
 * Rule `same-school` as DuckDB SQL, in the manner of dedup-sql.ts: computed into connection-local
 * TEMP tables, swapped in with the other rules' results in one transaction.
 */

/**
 * $1: round id. One claim per (school, LAO) of the round's current other-school counts (a file
 * lists a school once: a second row is rejected), with its headcount; schools claimed by two or
 * more LAOs become one cluster each, its id a hash of the rule, round, school and claiming LAOs.
 */
export const BUILD_SCHOOL_CLAIMS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_school_claims AS
WITH claims AS (
  SELECT school_code, lao_code, any_value(school_name) AS school_name, any_value(affiliation) AS affiliation,
         min(submission_id) AS submission_id, min(sheet) AS sheet, min(row_number) AS row_number,
         sum(pupils)::INTEGER AS pupils
  FROM other_school_counts WHERE round_id = $1::VARCHAR
  GROUP BY school_code, lao_code
),
claimed AS (
  SELECT school_code,
         left(md5('same-school|' || $1::VARCHAR || '|' || school_code || '|' || string_agg(lao_code, ',' ORDER BY lao_code)), 16) AS cluster_id
  FROM claims GROUP BY school_code HAVING count(*) > 1
)
SELECT $1::VARCHAR AS round_id, k.cluster_id, c.school_code, c.school_name, c.affiliation, c.lao_code,
       c.submission_id, c.sheet, c.row_number, c.pupils, o.lao_code AS owner_lao_code
FROM claims c
JOIN claimed k USING (school_code)
LEFT JOIN other_schools o USING (school_code)`;

/**
 * $1: round id, $2: run id. One cluster per claimed school; its reasons say whether the
 * registry's owner is among the claimants (`owner-claims`), not (`owner-not-claiming`), or the
 * registry does not list the school (`school-not-registered`).
 */
export const INSERT_SCHOOL_CLUSTERS = `
INSERT INTO dedup_tmp_out_clusters
SELECT $1::VARCHAR, cluster_id, 'same-school', 1.0::DOUBLE,
       [CASE WHEN any_value(owner_lao_code) IS NULL THEN 'school-not-registered'
             WHEN bool_or(lao_code = owner_lao_code) THEN 'owner-claims'
             ELSE 'owner-not-claiming' END],
       count(*)::INTEGER, $2::BIGINT
FROM dedup_tmp_school_claims GROUP BY cluster_id`;

/** The swap's part for claims, run inside the same transaction as SWAP_STATEMENTS ($1: round id). */
export const SWAP_SCHOOL_CLAIMS: readonly string[] = [
  'DELETE FROM dedup_school_claims WHERE round_id = $1',
  'INSERT INTO dedup_school_claims BY NAME SELECT * FROM dedup_tmp_school_claims WHERE round_id = $1',
];
