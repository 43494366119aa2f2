import {
  finalConsonantSql,
  hasLetterSql,
  initialSql,
  nameFormsSql,
  nameKeySql,
  nameReasonSql,
  nameSimilaritySql,
  skeletonSql,
  stripPrefixSql,
} from './thai-name-sql.ts';

/*
 * The duplicate-detection stage as DuckDB SQL, one constant per step. Every step reads and
 * writes connection-local TEMP tables (`dedup_tmp_*`), so a run that stops halfway leaves the
 * stored results untouched; only SWAP_* statements, run in one transaction, write them.
 * Parameters are positional and noted on each statement.
 */

/**
 * An equivalence class (one ID, or one name + birth date + sex) larger than this is linked as a
 * star to its first member instead of all pairs: a reused fake ID in 10,000 rows must not become
 * 50 million pairs. The cluster is the same either way.
 */
export const MAX_CLASS_PAIRWISE = 50;

/**
 * A `probable` block (province, birth date, sex, initial of one name) with more rows than this is
 * not compared pairwise; the run counts such blocks in `oversized_blocks`. Real blocks hold a few
 * rows; a placeholder birth date (1 January) in a large province can make big ones.
 */
export const MAX_BLOCK_ROWS = 1000;

/** Score factors of a `probable` pair whose names are equal but birth dates are not. */
const DATE_SLIP_SCORE = { dayMonthSwap: 0.95, beCeSlip: 0.95, yearOffByOne: 0.9 } as const;

/** The round's ($1) pupil and child rows, with the given columns after `src_rowid` and `is_child`. */
function roundRows(columns: string): string {
  return `SELECT rowid AS src_rowid, false AS is_child, ${columns} FROM pupils WHERE round_id = $1::VARCHAR
  UNION ALL
  SELECT rowid, true, ${columns} FROM children WHERE round_id = $1::VARCHAR`;
}

/**
 * Every pupil and child row of the round ($1), with only what the rules compare: ID, place,
 * sex, birth date, name keys, the two `probable` block keys and the hashes the rules group by
 * (`name_dob`, `name_place`); names as written, sheet and row
 * are read back by `src_rowid` for clustered rows only (see {@link BUILD_OUT_MEMBERS}). Rows are
 * numbered (`rid`) by institution, sheet and row, not in the order they were loaded: which record
 * of a pair comes first, and which record a big class's star is drawn around, must not depend on
 * upload order. The numbering sorts only the columns it needs and is joined back: sorting whole
 * rows took over half the stage's time. Most names are clean and skip the normalising regular
 * expressions (see `nameKeySql`).
 */
export const BUILD_PEOPLE = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_people AS
WITH numbered AS (
  SELECT row_number() OVER (ORDER BY institution_code, sheet, row_number, is_child) AS rid, src_rowid, is_child
  FROM (${roundRows('institution_code, sheet, row_number')})
),
source_rows AS (${roundRows('institution_code, national_id, id_kind, first_name, last_name, sex, birth_date')}),
raw_keys AS (
  SELECT n.rid, s.* EXCLUDE (first_name, last_name), l.province_code,
         ${nameKeySql('s.first_name')} AS raw_first_key, ${nameKeySql('s.last_name')} AS last_key
  FROM source_rows s
  JOIN numbered n ON n.src_rowid = s.src_rowid AND n.is_child = s.is_child
  LEFT JOIN institutions i ON i.institution_code = s.institution_code
  LEFT JOIN laos l ON l.lao_code = i.lao_code
),
-- Used once, so DuckDB inlines it; marked MATERIALIZED it kept a copy of every row (560 MB at 1.5 M).
keys AS (
  SELECT * EXCLUDE (raw_first_key), ${stripPrefixSql('raw_first_key')} AS first_key FROM raw_keys
),
initials AS (
  SELECT *, ${initialSql('first_key')} AS first_initial, ${initialSql('last_key')} AS last_initial,
         ${hasLetterSql('first_key')} AND ${hasLetterSql('last_key')} AS has_name
  FROM keys
)
SELECT *, hash(province_code, birth_date, sex, last_initial) AS block_by_last,
       hash(province_code, birth_date, sex, first_initial) AS block_by_first,
       hash(first_key, last_key, birth_date, sex) AS name_dob,
       hash(province_code, first_key, last_key, sex) AS name_place
FROM initials`;

/** Rule 1: one ID in two institutions. All pairs within small classes, a star within big ones. */
const SAME_ID_CANDIDATES = `
-- IDs are counted by their hash first (one integer to group by): most are met once, and the
-- institutions are compared for the few repeated ones only, by the ID itself.
WITH repeated AS (
  SELECT hash(national_id) AS id_hash FROM dedup_tmp_people GROUP BY id_hash HAVING count(*) > 1
),
ids AS (
  SELECT national_id FROM dedup_tmp_people WHERE hash(national_id) IN (SELECT id_hash FROM repeated)
  GROUP BY national_id HAVING min(institution_code) <> max(institution_code)
),
m AS (
  SELECT p.rid, p.national_id, p.institution_code,
         count(*) OVER w AS class_size, min(p.rid) OVER w AS first_rid
  FROM dedup_tmp_people p SEMI JOIN ids USING (national_id)
  WINDOW w AS (PARTITION BY p.national_id)
)
SELECT 'same-id' AS rule, a.rid AS a, b.rid AS b, 1.0::DOUBLE AS score, []::VARCHAR[] AS reasons
FROM m a JOIN m b ON b.national_id = a.national_id AND a.rid < b.rid
WHERE a.class_size <= ${MAX_CLASS_PAIRWISE} AND a.institution_code <> b.institution_code
UNION ALL
SELECT 'same-id', first_rid, rid, 1.0, []::VARCHAR[]
FROM m WHERE class_size > ${MAX_CLASS_PAIRWISE} AND rid <> first_rid`;

/** Rule 2: one normalised full name, birth date and sex under different IDs (twins differ in first name). */
const SAME_NAME_DOB_CANDIDATES = `
-- Classes are found by the hash of their key (one integer to group by), counted first: nearly
-- every key is met once, so the IDs are compared for the few repeated ones only. A hash collision
-- only lets a few more rows through to m, whose partitions and join compare the key itself, and
-- a star pair of one ID is dropped by BUILD_PAIRS.
WITH repeated AS (
  SELECT name_dob FROM dedup_tmp_people WHERE has_name GROUP BY name_dob HAVING count(*) > 1
),
classes AS (
  SELECT name_dob FROM dedup_tmp_people SEMI JOIN repeated USING (name_dob) WHERE has_name
  GROUP BY name_dob HAVING min(national_id) <> max(national_id)
),
m AS (
  SELECT p.rid, p.national_id, p.first_key, p.last_key, p.birth_date, p.sex,
         count(*) OVER w AS class_size, min(p.rid) OVER w AS first_rid
  FROM dedup_tmp_people p SEMI JOIN classes USING (name_dob)
  WHERE p.has_name
  WINDOW w AS (PARTITION BY p.first_key, p.last_key, p.birth_date, p.sex)
)
SELECT 'same-name-dob' AS rule, a.rid AS a, b.rid AS b, 1.0::DOUBLE AS score, []::VARCHAR[] AS reasons
FROM m a JOIN m b
  ON b.first_key = a.first_key AND b.last_key = a.last_key AND b.birth_date = a.birth_date
 AND b.sex = a.sex AND a.rid < b.rid
WHERE a.class_size <= ${MAX_CLASS_PAIRWISE} AND a.national_id <> b.national_id
UNION ALL
SELECT 'same-name-dob', first_rid, rid, 1.0, []::VARCHAR[]
FROM m WHERE class_size > ${MAX_CLASS_PAIRWISE} AND rid <> first_rid`;

/**
 * Rule 3a, step 1: pairs in one province with one birth date and sex whose first or last names
 * have the same consonant skeleton. Tone and vowel slips keep the skeleton; a pair where neither
 * name's consonants agree scores at most 0.9 × 0.9 = 0.81, below any sensible threshold. Rows
 * are blocked by (province, birth date, sex, initial of either name), which is cheap and agrees
 * whenever the skeletons do; skeletons are computed only for the rows that share a block. Equal
 * names are rule 2 and equal IDs rule 1: both are excluded here by construction.
 */
export const BUILD_BLOCK_SIZES = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_blocks AS
WITH eligible AS (SELECT block_by_last, block_by_first FROM dedup_tmp_people WHERE has_name AND province_code IS NOT NULL)
SELECT 'last' AS block_kind, block_by_last AS block, count(*) AS size FROM eligible GROUP BY block_by_last HAVING count(*) > 1
UNION ALL
SELECT 'first', block_by_first, count(*) FROM eligible GROUP BY block_by_first HAVING count(*) > 1`;

const FINALS = `${finalConsonantSql('first_key')} AS first_final, ${finalConsonantSql('last_key')} AS last_final`;

export const BUILD_BLOCKED_PAIRS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_blocked AS
-- Most blocks hold one row; only blocks of 2..MAX_BLOCK_ROWS rows are joined. Each side reads
-- the people table itself, and only the few narrow columns the join and its first test need:
-- DuckDB materialises each side (it is read twice), and at 8 M rows about 3.4 M rows share a
-- block. IDs and name keys are read afterwards, for the rows of the pairs that pass.
WITH shared_last AS (
  SELECT block AS block_by_last FROM dedup_tmp_blocks WHERE block_kind = 'last' AND size <= ${MAX_BLOCK_ROWS}
),
shared_first AS (
  SELECT block AS block_by_first FROM dedup_tmp_blocks WHERE block_kind = 'first' AND size <= ${MAX_BLOCK_ROWS}
),
by_last AS (
  SELECT rid, first_initial, block_by_last, ${FINALS}
  FROM dedup_tmp_people SEMI JOIN shared_last USING (block_by_last)
  WHERE has_name AND province_code IS NOT NULL
),
by_first AS (
  SELECT rid, last_initial, block_by_first, ${FINALS}
  FROM dedup_tmp_people SEMI JOIN shared_first USING (block_by_first)
  WHERE has_name AND province_code IS NOT NULL
),
-- A pair can match only if one name's skeletons are equal, so that name's initial and last
-- consonant must be: most pairs of a block fail that cheap test and never go further.
blocked AS (
  SELECT a.rid AS a, b.rid AS b, true AS by_last
  FROM by_last a JOIN by_last b ON b.block_by_last = a.block_by_last AND a.rid < b.rid
  WHERE b.last_final = a.last_final OR (b.first_initial = a.first_initial AND b.first_final = a.first_final)
  UNION ALL
  SELECT a.rid, b.rid, false
  FROM by_first a JOIN by_first b ON b.block_by_first = a.block_by_first AND a.rid < b.rid
  WHERE b.first_final = a.first_final OR (b.last_initial = a.last_initial AND b.last_final = a.last_final)
),
involved AS (
  SELECT p.rid, p.national_id, p.first_key, p.last_key, p.province_code, p.birth_date, p.sex,
         p.first_initial, p.last_initial,
         ${skeletonSql('p.first_key')} AS first_skeleton, ${skeletonSql('p.last_key')} AS last_skeleton
  FROM dedup_tmp_people p SEMI JOIN (SELECT a AS rid FROM blocked UNION SELECT b FROM blocked) USING (rid)
)
-- The hashed block keys are re-checked column by column here, so a hash collision never pairs
-- rows; equal names (rule 2) and equal IDs (rule 1) are left out.
SELECT DISTINCT c.a, c.b FROM blocked c
JOIN involved sa ON sa.rid = c.a
JOIN involved sb ON sb.rid = c.b
WHERE sb.province_code = sa.province_code AND sb.birth_date = sa.birth_date AND sb.sex = sa.sex
  AND (CASE WHEN c.by_last THEN sb.last_initial = sa.last_initial ELSE sb.first_initial = sa.first_initial END)
  AND (sa.first_skeleton = sb.first_skeleton OR sa.last_skeleton = sb.last_skeleton)
  AND NOT (sa.first_key = sb.first_key AND sa.last_key = sb.last_key)
  AND sa.national_id <> sb.national_id`;

/** Rule 3a, step 2: the comparison forms of every name key met in a blocked pair, once per key. */
export const BUILD_NAME_FORMS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_name_forms AS
WITH involved AS (SELECT a AS rid FROM dedup_tmp_blocked UNION SELECT b FROM dedup_tmp_blocked),
keys AS (
  SELECT first_key AS key FROM dedup_tmp_people SEMI JOIN involved USING (rid)
  UNION
  SELECT last_key FROM dedup_tmp_people SEMI JOIN involved USING (rid)
)
SELECT key, ${nameFormsSql('key')} FROM keys`;

/** Rule 3a, step 3: blocked pairs scored; $1 is the probable threshold. */
const PROBABLE_SAME_DATE_CANDIDATES = `
WITH scored AS (
  SELECT c.a, c.b,
         ${nameSimilaritySql('fa', 'fb')} AS first_score,
         ${nameSimilaritySql('la', 'lb')} AS last_score,
         [${nameReasonSql('first-name', 'fa', 'fb')}, ${nameReasonSql('last-name', 'la', 'lb')}, 'same-birth-date'] AS reasons,
         -- Twins: one surname and birth date, different first names, IDs issued together.
         pa.last_key = pb.last_key AND pa.first_key <> pb.first_key
           AND pa.id_kind = 'national-id' AND pb.id_kind = 'national-id'
           AND left(pa.national_id, 10) = left(pb.national_id, 10) AS presumed_twins
  FROM dedup_tmp_blocked c
  JOIN dedup_tmp_people pa ON pa.rid = c.a
  JOIN dedup_tmp_people pb ON pb.rid = c.b
  JOIN dedup_tmp_name_forms fa ON fa.key = pa.first_key
  JOIN dedup_tmp_name_forms fb ON fb.key = pb.first_key
  JOIN dedup_tmp_name_forms la ON la.key = pa.last_key
  JOIN dedup_tmp_name_forms lb ON lb.key = pb.last_key
)
SELECT 'probable' AS rule, a, b, first_score * last_score AS score, reasons
FROM scored
WHERE first_score * last_score >= $1::DOUBLE AND NOT presumed_twins`;

/**
 * Rule 3b: one name (and sex, in one province) with birth dates a day/month swap, a year, or
 * 543 years (a BE year stored as CE, or the reverse) apart. Only names that occur twice in a
 * province are shifted, and the shifted dates are joined by equality: no pairwise comparison.
 */
const PROBABLE_DATE_SLIP_CANDIDATES = `
-- Names are counted by the hash of (province, name, sex), one integer to group by; a collision
-- only lets a few more rows into cand, and the join below compares the columns themselves.
WITH eligible AS (
  SELECT rid, national_id, province_code, first_key, last_key, sex, birth_date, name_place
  FROM dedup_tmp_people WHERE has_name AND province_code IS NOT NULL
),
repeated AS (SELECT name_place FROM eligible GROUP BY name_place HAVING count(*) > 1),
cand AS (SELECT * FROM eligible SEMI JOIN repeated USING (name_place)),
shifted AS (
  SELECT rid, national_id, province_code, first_key, last_key, sex, name_place, variant.reason AS reason,
         variant.score AS score, variant.shifted AS shifted
  FROM (
    SELECT *, unnest([
      {'reason': 'day-month-swap', 'score': ${DATE_SLIP_SCORE.dayMonthSwap}::DOUBLE,
       'shifted': CASE WHEN day(birth_date) <= 12 AND day(birth_date) <> month(birth_date)
                       THEN make_date(year(birth_date), day(birth_date), month(birth_date)) END},
      {'reason': 'year-off-by-one', 'score': ${DATE_SLIP_SCORE.yearOffByOne}::DOUBLE,
       'shifted': (birth_date + INTERVAL 1 YEAR)::DATE},
      {'reason': 'be-ce-slip', 'score': ${DATE_SLIP_SCORE.beCeSlip}::DOUBLE,
       'shifted': (birth_date + INTERVAL 543 YEAR)::DATE}
    ]) AS variant
    FROM cand
  )
),
matched AS (
  SELECT least(s.rid, b.rid) AS a, greatest(s.rid, b.rid) AS b, s.reason, s.score
  FROM shifted s JOIN cand b
    ON b.name_place = s.name_place
   AND b.province_code = s.province_code AND b.first_key = s.first_key AND b.last_key = s.last_key
   AND b.sex = s.sex
   AND b.birth_date = s.shifted
  WHERE s.national_id <> b.national_id
)
SELECT 'probable' AS rule, a, b, max(score) AS score, [arg_max(reason, score)] AS reasons
FROM matched GROUP BY a, b HAVING max(score) >= $1::DOUBLE`;

/** All candidate pairs of all rules (a < b), before evidence and not-same marks. */
export const CREATE_CANDIDATES = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_candidates (rule VARCHAR, a BIGINT, b BIGINT, score DOUBLE, reasons VARCHAR[])`;

export const INSERT_SAME_ID_CANDIDATES = `INSERT INTO dedup_tmp_candidates ${SAME_ID_CANDIDATES}`;
export const INSERT_SAME_NAME_DOB_CANDIDATES = `INSERT INTO dedup_tmp_candidates ${SAME_NAME_DOB_CANDIDATES}`;
/** $1: the probable threshold. */
export const INSERT_PROBABLE_SAME_DATE_CANDIDATES = `INSERT INTO dedup_tmp_candidates ${PROBABLE_SAME_DATE_CANDIDATES}`;
/** $1: the probable threshold. */
export const INSERT_PROBABLE_DATE_SLIP_CANDIDATES = `INSERT INTO dedup_tmp_candidates ${PROBABLE_DATE_SLIP_CANDIDATES}`;

/**
 * How the IDs of a pair differ: `one-digit`, `transposition` (two adjacent digits swapped) or
 * `different-id`. The first 12 digits are compared: a mistyped digit makes the 13th fail its
 * checksum, so an ID that loaded had its check digit "corrected" too and differs there as well.
 */
const ID_RELATION = `
CASE
  WHEN a.national_id = b.national_id THEN NULL
  WHEN length(a.national_id) <> length(b.national_id) THEN 'different-id'
  WHEN hamming(left(a.national_id, 12), left(b.national_id, 12)) = 1 THEN 'one-digit'
  WHEN hamming(left(a.national_id, 12), left(b.national_id, 12)) = 2
   AND len(list_filter(range(1, 12), lambda i:
         substr(a.national_id, i, 2) = reverse(substr(b.national_id, i, 2))
         AND substr(a.national_id, i, 1) <> substr(b.national_id, i, 1))) > 0 THEN 'transposition'
  ELSE 'different-id'
END`;

const KIND_RELATION = `
CASE WHEN a.is_child <> b.is_child THEN 'school-cdc'
     WHEN NOT a.is_child THEN 'school-school'
     ELSE 'cdc-cdc' END`;

const PLACE_RELATION = `
CASE WHEN a.institution_code = b.institution_code THEN 'same-institution'
     WHEN ia.lao_code = ib.lao_code THEN 'same-lao'
     WHEN a.province_code = b.province_code AND la.district = lb.district THEN 'same-district'
     WHEN a.province_code = b.province_code THEN 'same-province'
     ELSE 'cross-province' END`;

const ID_KINDS = `
CASE WHEN a.id_kind <> b.id_kind THEN 'g-code-and-national-id'
     WHEN a.national_id = b.national_id AND a.id_kind = 'g-code' THEN 'g-code' END`;

/**
 * The pairs of the run: candidates with their evidence, minus pairs marked "different children"
 * in any round (checked both ways round).
 */
export const BUILD_PAIRS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_pairs AS
SELECT c.rule, c.a, c.b, c.score,
       list_sort(list_distinct(list_filter(
         c.reasons || [${ID_RELATION}, ${KIND_RELATION}, ${PLACE_RELATION}, ${ID_KINDS}],
         lambda r: r IS NOT NULL))) AS reasons
FROM dedup_tmp_candidates c
JOIN dedup_tmp_people a ON a.rid = c.a
JOIN dedup_tmp_people b ON b.rid = c.b
LEFT JOIN institutions ia ON ia.institution_code = a.institution_code
LEFT JOIN institutions ib ON ib.institution_code = b.institution_code
LEFT JOIN laos la ON la.lao_code = ia.lao_code
LEFT JOIN laos lb ON lb.lao_code = ib.lao_code
WHERE (c.rule = 'same-id') = (a.national_id = b.national_id)
  AND NOT EXISTS (
    SELECT 1 FROM dedup_not_same n
    WHERE (n.a_institution_code = a.institution_code AND n.a_national_id = a.national_id
           AND n.b_institution_code = b.institution_code AND n.b_national_id = b.national_id)
       OR (n.a_institution_code = b.institution_code AND n.a_national_id = b.national_id
           AND n.b_institution_code = a.institution_code AND n.b_national_id = a.national_id))`;

/**
 * The graph for connected components: each rule's pairs on their own (its clusters) and all pairs
 * together (`group`: the person groups that province totals count once).
 */
export const BUILD_EDGES = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_edges AS
SELECT rule AS part, a AS src, b AS dst FROM dedup_tmp_pairs
UNION ALL SELECT rule, b, a FROM dedup_tmp_pairs
UNION ALL SELECT 'group', a, b FROM dedup_tmp_pairs
UNION ALL SELECT 'group', b, a FROM dedup_tmp_pairs`;

export const INIT_LABELS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_labels AS
SELECT DISTINCT part, src AS node, src AS label FROM dedup_tmp_edges`;

/**
 * One round of min-label propagation: each node takes the least label among itself and its
 * neighbours, and the label its label points at (pointer jumping, so chains shrink fast).
 */
export const PROPAGATE_LABELS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_labels_next AS
WITH neighbour AS (
  SELECT e.part, e.src AS node, min(n.label) AS label
  FROM dedup_tmp_edges e JOIN dedup_tmp_labels n ON n.part = e.part AND n.node = e.dst
  GROUP BY e.part, e.src
)
SELECT l.part, l.node, least(l.label, nb.label, j.label) AS label
FROM dedup_tmp_labels l
JOIN neighbour nb ON nb.part = l.part AND nb.node = l.node
JOIN dedup_tmp_labels j ON j.part = l.part AND j.node = l.label`;

export const COUNT_CHANGED_LABELS = `
SELECT count(*) AS changed FROM dedup_tmp_labels_next x
JOIN dedup_tmp_labels l ON l.part = x.part AND l.node = x.node
WHERE x.label <> l.label`;

export const ADVANCE_LABELS = `CREATE OR REPLACE TEMP TABLE dedup_tmp_labels AS SELECT * FROM dedup_tmp_labels_next`;

/** A stable id per component: the hash of its part, round ($1) and sorted member keys. */
export const BUILD_COMPONENT_IDS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_components AS
SELECT l.part, l.label,
       left(md5(l.part || '|' || $1::VARCHAR || '|' || string_agg(p.national_id || '@' || p.institution_code, ','
         ORDER BY p.national_id, p.institution_code)), 16) AS component_id,
       count(*) AS member_count
FROM dedup_tmp_labels l JOIN dedup_tmp_people p ON p.rid = l.node
GROUP BY l.part, l.label`;

/** $1: round id, $2: run id. The score of a cluster is its strongest pair's. */
export const BUILD_OUT_CLUSTERS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_out_clusters AS
SELECT $1::VARCHAR AS round_id, c.component_id AS cluster_id, c.part AS rule, max(p.score) AS score,
       list_sort(list_distinct(flatten(list(p.reasons)))) AS reasons,
       any_value(c.member_count)::INTEGER AS member_count, $2::BIGINT AS run_id
FROM dedup_tmp_pairs p
JOIN dedup_tmp_labels l ON l.part = p.rule AND l.node = p.a
JOIN dedup_tmp_components c ON c.part = l.part AND c.label = l.label
GROUP BY c.component_id, c.part`;

/**
 * $1: round id. The clustered rows only are read back from their source tables by rowid, with
 * their names as written, sheet and row.
 */
export const BUILD_OUT_MEMBERS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_out_members AS
WITH members AS (
  SELECT l.node AS rid, c.component_id AS cluster_id, c.part AS rule, g.component_id AS group_id
  FROM dedup_tmp_labels l
  JOIN dedup_tmp_components c ON c.part = l.part AND c.label = l.label
  JOIN dedup_tmp_labels gl ON gl.part = 'group' AND gl.node = l.node
  JOIN dedup_tmp_components g ON g.part = 'group' AND g.label = gl.label
  WHERE l.part <> 'group'
),
wanted AS (SELECT DISTINCT p.src_rowid, p.is_child, p.rid FROM dedup_tmp_people p SEMI JOIN members m USING (rid)),
src AS (
  SELECT w.rid, 'pupil' AS person_kind, submission_id, institution_code, sheet, row_number,
         national_id, id_kind, first_name, last_name, sex, birth_date
  FROM pupils JOIN wanted w ON w.src_rowid = pupils.rowid AND NOT w.is_child
  UNION ALL
  SELECT w.rid, 'child', submission_id, institution_code, sheet, row_number,
         national_id, id_kind, first_name, last_name, sex, birth_date
  FROM children JOIN wanted w ON w.src_rowid = children.rowid AND w.is_child
)
SELECT $1::VARCHAR AS round_id, m.cluster_id, m.rule, m.group_id,
       p.person_kind, p.institution_code, p.national_id, p.id_kind, i.lao_code, l.province_code, l.district,
       p.submission_id, p.sheet, p.row_number, p.first_name, p.last_name, p.sex, p.birth_date
FROM members m
JOIN src p ON p.rid = m.rid
LEFT JOIN institutions i ON i.institution_code = p.institution_code
LEFT JOIN laos l ON l.lao_code = i.lao_code`;

/** $1: round id. */
export const BUILD_OUT_PAIRS = `
CREATE OR REPLACE TEMP TABLE dedup_tmp_out_pairs AS
SELECT $1::VARCHAR AS round_id, c.component_id AS cluster_id, p.rule,
       a.institution_code AS a_institution_code, a.national_id AS a_national_id,
       b.institution_code AS b_institution_code, b.national_id AS b_national_id,
       p.score, p.reasons
FROM dedup_tmp_pairs p
JOIN dedup_tmp_labels l ON l.part = p.rule AND l.node = p.a
JOIN dedup_tmp_components c ON c.part = l.part AND c.label = l.label
JOIN dedup_tmp_people a ON a.rid = p.a
JOIN dedup_tmp_people b ON b.rid = p.b`;

export const READ_RUN_COUNTS = `
SELECT
  (SELECT count(*) FROM dedup_tmp_people) AS rows_scanned,
  (SELECT count(*) FROM (SELECT DISTINCT institution_code, national_id FROM dedup_tmp_out_members)) AS flagged_records,
  (SELECT count(*) FILTER (rule = 'same-id') FROM dedup_tmp_out_clusters) AS same_id_clusters,
  (SELECT count(*) FILTER (rule = 'same-name-dob') FROM dedup_tmp_out_clusters) AS same_name_dob_clusters,
  (SELECT count(*) FILTER (rule = 'probable') FROM dedup_tmp_out_clusters) AS probable_clusters,
  (SELECT count(*) FILTER (rule = 'same-id') FROM dedup_tmp_pairs) AS same_id_pairs,
  (SELECT count(*) FILTER (rule = 'same-name-dob') FROM dedup_tmp_pairs) AS same_name_dob_pairs,
  (SELECT count(*) FILTER (rule = 'probable') FROM dedup_tmp_pairs) AS probable_pairs,
  (SELECT count(*) FILTER (rule = 'same-school') FROM dedup_tmp_out_clusters) AS same_school_clusters,
  (SELECT count(*) FROM dedup_tmp_blocks WHERE size > ${MAX_BLOCK_ROWS}) AS oversized_blocks`;

/** The swap, run inside one transaction: the round's ($1) results are replaced as a whole. */
export const SWAP_STATEMENTS: readonly string[] = [
  'DELETE FROM dedup_pairs WHERE round_id = $1',
  'DELETE FROM dedup_members WHERE round_id = $1',
  'DELETE FROM dedup_clusters WHERE round_id = $1',
  'INSERT INTO dedup_clusters BY NAME SELECT * FROM dedup_tmp_out_clusters WHERE round_id = $1',
  'INSERT INTO dedup_members BY NAME SELECT * FROM dedup_tmp_out_members WHERE round_id = $1',
  'INSERT INTO dedup_pairs BY NAME SELECT * FROM dedup_tmp_out_pairs WHERE round_id = $1',
];

export const TEMP_TABLES: readonly string[] = [
  'dedup_tmp_people',
  'dedup_tmp_candidates',
  'dedup_tmp_blocks',
  'dedup_tmp_blocked',
  'dedup_tmp_name_forms',
  'dedup_tmp_pairs',
  'dedup_tmp_edges',
  'dedup_tmp_labels',
  'dedup_tmp_labels_next',
  'dedup_tmp_components',
  'dedup_tmp_out_clusters',
  'dedup_tmp_out_members',
  'dedup_tmp_out_pairs',
  'dedup_tmp_school_claims',
];
