/**
 * The analysts' stable views: a public contract, like the command line's JSON. Names and
 * columns are kept exactly; add views or columns, never rename or drop one. They are created in
 * each published snapshot's catalogue, over that snapshot's tables and the warehouse's own views
 * (`counted_persons`, `dedup_current_decisions`), and documented in docs/data-dictionary.md.
 */
export interface AnalystView {
  readonly name: string;
  /** The view's columns, in order (the contract; a test checks the created view against it). */
  readonly columns: readonly string[];
  readonly sql: string;
}

/**
 * Counted pupils and children per institution, grade and sex. Every current record that counts
 * (`counted_persons`: records answered 201–206 are left out), each institution's own count; for a
 * child development centre `grade` is the age group at the round's reference date (`2`…`5`).
 */
const PUPIL_COUNTS = `
CREATE VIEW pupil_counts AS
SELECT c.round_id AS "round", c.province_code, c.district, c.lao_code, c.institution_code,
       coalesce(i.kind, CASE c.person_kind WHEN 'pupil' THEN 'school' ELSE 'cdc' END) AS kind,
       coalesce(c.grade, CAST(c.age_group AS VARCHAR)) AS grade, c.sex,
       count(*) AS pupils
FROM counted_persons c
LEFT JOIN institutions i ON i.institution_code = c.institution_code
GROUP BY ALL`;

/**
 * One row per expected institution (open in the registry) and round: the status of its current
 * submission (`accepted`, `partial`); else `rejected` when a file of it in the round ended
 * rejected (processing failures end so too); else `not-submitted`. Rounds listed are those whose
 * window has opened or that hold a submission.
 */
const SUBMISSION_STATUS = `
CREATE VIEW submission_status AS
WITH rounds_in_use AS (
  SELECT round_id FROM rounds WHERE opens_at <= now()
  UNION SELECT DISTINCT round_id FROM submissions WHERE round_id IS NOT NULL
),
expected AS (
  SELECT r.round_id, l.province_code, i.lao_code, i.institution_code, i.kind
  FROM rounds_in_use r CROSS JOIN institutions i LEFT JOIN laos l ON l.lao_code = i.lao_code
  WHERE i.status = 'open'
),
latest AS (
  SELECT round_id, subject_code, status, uploaded_at, rows_accepted, rows_rejected
  FROM submissions
  WHERE round_id IS NOT NULL AND subject_code IS NOT NULL AND (is_current OR status = 'rejected')
  QUALIFY row_number() OVER (
    PARTITION BY round_id, subject_code ORDER BY is_current DESC, uploaded_at DESC, submission_id DESC) = 1
)
SELECT e.round_id AS "round", e.province_code, e.lao_code, e.institution_code, e.kind,
       coalesce(s.status, 'not-submitted') AS status,
       s.uploaded_at AS submitted_at, s.rows_accepted, s.rows_rejected
FROM expected e
LEFT JOIN latest s ON s.round_id = e.round_id AND s.subject_code = e.institution_code`;

/**
 * Issues per institution (or LAO, for other-affiliation files), code and severity, from each
 * subject's latest file of the round (its current one, else its latest rejected one).
 */
const ISSUE_SUMMARY = `
CREATE VIEW issue_summary AS
WITH latest AS (
  SELECT submission_id, round_id, subject_code
  FROM submissions
  WHERE round_id IS NOT NULL AND subject_code IS NOT NULL AND (is_current OR status = 'rejected')
  QUALIFY row_number() OVER (
    PARTITION BY round_id, subject_code ORDER BY is_current DESC, uploaded_at DESC, submission_id DESC) = 1
)
SELECT s.round_id AS "round", coalesce(l.province_code, sl.province_code) AS province_code,
       s.subject_code AS institution_code, x.code, x.severity, count(*) AS n
FROM latest s
JOIN issues x ON x.submission_id = s.submission_id
LEFT JOIN institutions i ON i.institution_code = s.subject_code
LEFT JOIN laos l ON l.lao_code = i.lao_code
LEFT JOIN laos sl ON sl.lao_code = s.subject_code
GROUP BY ALL`;

/** One row per member record of a duplicate cluster of children, with its latest answer (null: none). */
const DUPLICATE_MEMBERS = `
CREATE VIEW duplicate_members AS
SELECT m.round_id AS "round", m.cluster_id, m.rule, c.score, m.institution_code, m.province_code,
       d.outcome
FROM dedup_members m
JOIN dedup_clusters c ON c.round_id = m.round_id AND c.cluster_id = m.cluster_id
LEFT JOIN dedup_current_decisions d
  ON d.round_id = m.round_id AND d.institution_code = m.institution_code AND d.national_id = m.national_id`;

/** Consecutive rounds (by academic year and term) that both hold counted records. */
const ROUND_PAIRS = `
ordered AS (
  SELECT round_id AS from_round,
         lead(round_id) OVER (ORDER BY academic_year, term) AS to_round
  FROM rounds
),
pairs AS (
  SELECT from_round, to_round FROM ordered
  WHERE to_round IS NOT NULL
    AND from_round IN (SELECT round_id FROM counted_persons)
    AND to_round IN (SELECT round_id FROM counted_persons)
)`;

/**
 * Per institution and pair of consecutive rounds: counted IDs in both rounds there (`stayed`),
 * only in the later one (`joined`), only in the earlier one (`left`).
 */
const ROUND_CHANGES = `
CREATE VIEW round_changes AS
WITH ${ROUND_PAIRS},
present AS (SELECT DISTINCT round_id, institution_code, national_id FROM counted_persons),
spans AS (
  SELECT p.from_round, p.to_round, x.institution_code, x.national_id,
         bool_or(x.round_id = p.from_round) AS in_from, bool_or(x.round_id = p.to_round) AS in_to
  FROM pairs p JOIN present x ON x.round_id = p.from_round OR x.round_id = p.to_round
  GROUP BY ALL
)
SELECT institution_code, from_round, to_round,
       count(*) FILTER (in_from AND in_to) AS stayed,
       count(*) FILTER (NOT in_from) AS joined,
       count(*) FILTER (NOT in_to) AS "left"
FROM spans
GROUP BY ALL`;

/**
 * Person level: records counted in a round whose ID is on no roster of the next round, and
 * whose latest answer is no transfer (202 graduated, 203 moved out).
 */
const ROUND_MOVES = `
CREATE VIEW round_moves AS
WITH ${ROUND_PAIRS},
next_rosters AS (
  SELECT DISTINCT round_id, national_id FROM pupils
  UNION SELECT DISTINCT round_id, national_id FROM children
)
SELECT p.from_round, p.to_round, c.person_kind, c.national_id, c.institution_code, c.lao_code,
       c.province_code, c.grade, c.age_group
FROM pairs p
JOIN counted_persons c ON c.round_id = p.from_round
WHERE coalesce(c.outcome NOT IN (202, 203), true)
  AND NOT EXISTS (
    SELECT 1 FROM next_rosters n WHERE n.round_id = p.to_round AND n.national_id = c.national_id)`;

export const ANALYST_VIEWS: readonly AnalystView[] = [
  {
    name: 'pupil_counts',
    columns: [
      'round',
      'province_code',
      'district',
      'lao_code',
      'institution_code',
      'kind',
      'grade',
      'sex',
      'pupils',
    ],
    sql: PUPIL_COUNTS,
  },
  {
    name: 'submission_status',
    columns: [
      'round',
      'province_code',
      'lao_code',
      'institution_code',
      'kind',
      'status',
      'submitted_at',
      'rows_accepted',
      'rows_rejected',
    ],
    sql: SUBMISSION_STATUS,
  },
  {
    name: 'issue_summary',
    columns: ['round', 'province_code', 'institution_code', 'code', 'severity', 'n'],
    sql: ISSUE_SUMMARY,
  },
  {
    name: 'duplicate_members',
    columns: ['round', 'cluster_id', 'rule', 'score', 'institution_code', 'province_code', 'outcome'],
    sql: DUPLICATE_MEMBERS,
  },
  {
    name: 'round_changes',
    columns: ['institution_code', 'from_round', 'to_round', 'stayed', 'joined', 'left'],
    sql: ROUND_CHANGES,
  },
  {
    name: 'round_moves',
    columns: [
      'from_round',
      'to_round',
      'person_kind',
      'national_id',
      'institution_code',
      'lao_code',
      'province_code',
      'grade',
      'age_group',
    ],
    sql: ROUND_MOVES,
  },
];

/**
 * Tables never published: account secrets (password and token hashes) and the audit log (who
 * signed in from where) are not analysts' data.
 */
export const UNPUBLISHED_TABLES: ReadonlySet<string> = new Set([
  'users',
  'api_tokens',
  'audit_log',
  // Reminder messages and LAO contacts name and reach people; certified copies are files (base64).
  'reminder_outbox',
  'lao_contacts',
  'certified_forms',
]);
