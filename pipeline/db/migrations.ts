/**
 * The warehouse schema, as versioned forward-only migrations. Never edit a shipped migration:
 * add the next one. Analysts' documentation of these tables: README.md, "Warehouse".
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const REFERENCE_AND_REGISTRY = `
CREATE TABLE provinces (
  province_code VARCHAR PRIMARY KEY,
  name_th VARCHAR NOT NULL,
  name_en VARCHAR NOT NULL
);
CREATE TABLE rounds (
  round_id VARCHAR PRIMARY KEY,
  academic_year INTEGER NOT NULL,
  term INTEGER NOT NULL,
  reference_date DATE NOT NULL,
  opens_at TIMESTAMPTZ NOT NULL,
  closes_at TIMESTAMPTZ NOT NULL,
  reports_due DATE NOT NULL
);
CREATE TABLE laos (
  lao_code VARCHAR PRIMARY KEY,
  lao_name VARCHAR NOT NULL,
  lao_type VARCHAR NOT NULL,
  province_code VARCHAR NOT NULL,
  district VARCHAR NOT NULL
);
CREATE TABLE institutions (
  institution_code VARCHAR PRIMARY KEY,
  institution_name VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  lao_code VARCHAR NOT NULL,
  status VARCHAR NOT NULL
);
CREATE TABLE other_schools (
  school_code VARCHAR PRIMARY KEY,
  school_name VARCHAR NOT NULL,
  affiliation VARCHAR NOT NULL,
  lao_code VARCHAR NOT NULL
);
CREATE TABLE registry_loads (
  load_id INTEGER PRIMARY KEY,
  loaded_at TIMESTAMPTZ NOT NULL,
  source VARCHAR NOT NULL,
  laos INTEGER NOT NULL,
  institutions INTEGER NOT NULL,
  other_schools INTEGER NOT NULL
);
CREATE TABLE window_exceptions (
  round_id VARCHAR NOT NULL,
  lao_code VARCHAR NOT NULL,
  until TIMESTAMPTZ NOT NULL,
  granted_by VARCHAR NOT NULL,
  granted_at TIMESTAMPTZ NOT NULL,
  reason VARCHAR,
  PRIMARY KEY (round_id, lao_code)
);
`;

const SUBMISSIONS = `
CREATE SEQUENCE submission_id_seq START 1;
CREATE TABLE submissions (
  submission_id BIGINT PRIMARY KEY,
  sha256 VARCHAR NOT NULL,
  file_name VARCHAR NOT NULL,
  file_size BIGINT NOT NULL,
  uploaded_by VARCHAR NOT NULL,
  uploaded_at TIMESTAMPTZ NOT NULL,
  as_of TIMESTAMPTZ NOT NULL,
  round_id VARCHAR,
  template_id VARCHAR,
  template_version VARCHAR,
  subject_code VARCHAR,
  status VARCHAR NOT NULL,
  is_current BOOLEAN NOT NULL DEFAULT false,
  superseded_by BIGINT,
  rows_total INTEGER NOT NULL DEFAULT 0,
  rows_accepted INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  warnings INTEGER NOT NULL DEFAULT 0,
  finished_at TIMESTAMPTZ
);
CREATE TABLE issues (
  submission_id BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  severity VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  sheet VARCHAR,
  cell VARCHAR,
  row_number INTEGER,
  column_header VARCHAR,
  field VARCHAR,
  value VARCHAR,
  message VARCHAR NOT NULL
);
`;

const ROSTERS = `
CREATE TABLE pupils (
  submission_id BIGINT NOT NULL,
  round_id VARCHAR NOT NULL,
  institution_code VARCHAR NOT NULL,
  sheet VARCHAR NOT NULL,
  row_number INTEGER NOT NULL,
  national_id VARCHAR NOT NULL,
  id_kind VARCHAR NOT NULL,
  prefix VARCHAR,
  first_name VARCHAR NOT NULL,
  last_name VARCHAR NOT NULL,
  sex VARCHAR NOT NULL,
  birth_date DATE NOT NULL,
  grade VARCHAR NOT NULL,
  room VARCHAR,
  nationality VARCHAR,
  disability VARCHAR,
  disadvantage VARCHAR
);
CREATE TABLE children (
  submission_id BIGINT NOT NULL,
  round_id VARCHAR NOT NULL,
  institution_code VARCHAR NOT NULL,
  sheet VARCHAR NOT NULL,
  row_number INTEGER NOT NULL,
  national_id VARCHAR NOT NULL,
  id_kind VARCHAR NOT NULL,
  prefix VARCHAR,
  first_name VARCHAR NOT NULL,
  last_name VARCHAR NOT NULL,
  sex VARCHAR NOT NULL,
  birth_date DATE NOT NULL,
  age_group INTEGER NOT NULL,
  nationality VARCHAR,
  disability VARCHAR,
  disadvantage VARCHAR
);
CREATE TABLE other_school_counts (
  submission_id BIGINT NOT NULL,
  round_id VARCHAR NOT NULL,
  lao_code VARCHAR NOT NULL,
  sheet VARCHAR NOT NULL,
  row_number INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_name VARCHAR NOT NULL,
  affiliation VARCHAR NOT NULL,
  grade VARCHAR NOT NULL,
  sex VARCHAR NOT NULL,
  pupils INTEGER NOT NULL
);
CREATE TABLE institution_facts (
  submission_id BIGINT NOT NULL,
  round_id VARCHAR NOT NULL,
  institution_code VARCHAR NOT NULL,
  teachers INTEGER,
  classrooms INTEGER,
  caregivers INTEGER
);
`;

/**
 * Duplicate detection (pipeline/dedup). Results are per round and replaced as a whole by each
 * successful run; decisions and not-same marks are append-only and keyed by the member
 * (institution_code, national_id), so they outlive re-runs. The result tables carry no primary
 * keys on purpose: a run deletes and re-inserts a round's rows in one transaction, and their
 * uniqueness comes from how they are built.
 *
 * `dedup_current_decisions` is the latest decision per record. `counted_persons` holds every
 * current pupil and child row that counts: rows answered 201–206 are left out; rows of an
 * unresolved duplicate group (two or more of its records still counting: unanswered or answered
 * 100) have `unresolved_duplicate`, and only one of them, the representative (answered 100 first,
 * then the lowest institution code), has `counts_in_totals`. Institution counts use every row;
 * province and national totals only `counts_in_totals`.
 */
const DEDUP = `
CREATE SEQUENCE dedup_run_id_seq START 1;
CREATE TABLE dedup_runs (
  run_id BIGINT PRIMARY KEY,
  round_id VARCHAR NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  status VARCHAR NOT NULL,
  threshold DOUBLE NOT NULL,
  rows_scanned BIGINT,
  flagged_records BIGINT,
  same_id_clusters INTEGER,
  same_name_dob_clusters INTEGER,
  probable_clusters INTEGER,
  same_id_pairs BIGINT,
  same_name_dob_pairs BIGINT,
  probable_pairs BIGINT,
  oversized_blocks INTEGER,
  error VARCHAR
);
CREATE TABLE dedup_clusters (
  round_id VARCHAR NOT NULL,
  cluster_id VARCHAR NOT NULL,
  rule VARCHAR NOT NULL,
  score DOUBLE NOT NULL,
  reasons VARCHAR[] NOT NULL,
  member_count INTEGER NOT NULL,
  run_id BIGINT NOT NULL
);
CREATE TABLE dedup_members (
  round_id VARCHAR NOT NULL,
  cluster_id VARCHAR NOT NULL,
  rule VARCHAR NOT NULL,
  group_id VARCHAR NOT NULL,
  person_kind VARCHAR NOT NULL,
  institution_code VARCHAR NOT NULL,
  national_id VARCHAR NOT NULL,
  id_kind VARCHAR NOT NULL,
  lao_code VARCHAR,
  province_code VARCHAR,
  district VARCHAR,
  submission_id BIGINT NOT NULL,
  sheet VARCHAR NOT NULL,
  row_number INTEGER NOT NULL,
  first_name VARCHAR NOT NULL,
  last_name VARCHAR NOT NULL,
  sex VARCHAR NOT NULL,
  birth_date DATE NOT NULL
);
CREATE TABLE dedup_pairs (
  round_id VARCHAR NOT NULL,
  cluster_id VARCHAR NOT NULL,
  rule VARCHAR NOT NULL,
  a_institution_code VARCHAR NOT NULL,
  a_national_id VARCHAR NOT NULL,
  b_institution_code VARCHAR NOT NULL,
  b_national_id VARCHAR NOT NULL,
  score DOUBLE NOT NULL,
  reasons VARCHAR[] NOT NULL
);
CREATE SEQUENCE dedup_decision_id_seq START 1;
CREATE TABLE dedup_decisions (
  decision_id BIGINT PRIMARY KEY,
  round_id VARCHAR NOT NULL,
  cluster_id VARCHAR NOT NULL,
  institution_code VARCHAR NOT NULL,
  national_id VARCHAR NOT NULL,
  outcome INTEGER NOT NULL CHECK (outcome IN (100, 201, 202, 203, 204, 205, 206)),
  note VARCHAR,
  decided_by VARCHAR NOT NULL,
  decided_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE dedup_not_same (
  a_institution_code VARCHAR NOT NULL,
  a_national_id VARCHAR NOT NULL,
  b_institution_code VARCHAR NOT NULL,
  b_national_id VARCHAR NOT NULL,
  round_id VARCHAR NOT NULL,
  note VARCHAR,
  marked_by VARCHAR NOT NULL,
  marked_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (a_institution_code, a_national_id, b_institution_code, b_national_id)
);
CREATE VIEW dedup_current_decisions AS
SELECT round_id, cluster_id, institution_code, national_id, outcome, note, decided_by, decided_at
FROM dedup_decisions
QUALIFY row_number() OVER (PARTITION BY round_id, institution_code, national_id ORDER BY decided_at DESC, decision_id DESC) = 1;
CREATE VIEW counted_persons AS
WITH persons AS (
  SELECT 'pupil' AS person_kind, round_id, institution_code, national_id, submission_id, sheet, row_number,
         sex, birth_date, grade, NULL::INTEGER AS age_group
  FROM pupils
  UNION ALL
  SELECT 'child', round_id, institution_code, national_id, submission_id, sheet, row_number,
         sex, birth_date, NULL::VARCHAR, age_group
  FROM children
),
open_members AS (
  SELECT m.round_id, m.group_id, m.institution_code, m.national_id,
         count(*) OVER (PARTITION BY m.round_id, m.group_id) AS open_in_group,
         row_number() OVER (
           PARTITION BY m.round_id, m.group_id
           ORDER BY coalesce(d.outcome = 100, false) DESC, m.institution_code, m.national_id
         ) AS rank_in_group
  FROM (SELECT DISTINCT round_id, group_id, institution_code, national_id FROM dedup_members) m
  LEFT JOIN dedup_current_decisions d USING (round_id, institution_code, national_id)
  WHERE d.outcome IS NULL OR d.outcome = 100
)
SELECT p.person_kind, p.round_id, p.institution_code, i.lao_code, l.province_code, l.district,
       p.national_id, p.submission_id, p.sheet, p.row_number, p.sex, p.birth_date, p.grade, p.age_group,
       d.outcome,
       o.group_id,
       coalesce(o.open_in_group > 1, false) AS unresolved_duplicate,
       coalesce(o.rank_in_group = 1, true) AS counts_in_totals
FROM persons p
LEFT JOIN institutions i ON i.institution_code = p.institution_code
LEFT JOIN laos l ON l.lao_code = i.lao_code
LEFT JOIN dedup_current_decisions d
  ON d.round_id = p.round_id AND d.institution_code = p.institution_code AND d.national_id = p.national_id
LEFT JOIN open_members o
  ON o.round_id = p.round_id AND o.institution_code = p.institution_code AND o.national_id = p.national_id
WHERE d.outcome IS NULL OR d.outcome = 100;
`;

const FILE_GROUPS = `
ALTER TABLE submissions ADD COLUMN file_group VARCHAR;
`;

/**
 * The options an upload was sent with (round, institution) are part of its identity: the same
 * bytes sent again under other options are a new submission, not `unchanged`. Canonical text
 * (`round=2562-2;subject=3042000001`), empty when none; rows from before carry the empty text.
 */
const UPLOAD_OPTIONS = `
ALTER TABLE submissions ADD COLUMN upload_options VARCHAR DEFAULT '';
`;

/**
 * Rule `same-school`: one other-affiliation school (by school code) claimed by two or more LAOs
 * in a round, a double claim on its lunch and milk money. Its clusters sit in `dedup_clusters`
 * beside the person rules; its claims (one row per claiming LAO, with the headcount it reported
 * and the registry's owner of the school, null when unregistered) are replaced with them.
 */
const SAME_SCHOOL = `
ALTER TABLE dedup_runs ADD COLUMN same_school_clusters INTEGER;
CREATE TABLE dedup_school_claims (
  round_id VARCHAR NOT NULL,
  cluster_id VARCHAR NOT NULL,
  school_code VARCHAR NOT NULL,
  school_name VARCHAR NOT NULL,
  affiliation VARCHAR NOT NULL,
  lao_code VARCHAR NOT NULL,
  submission_id BIGINT NOT NULL,
  sheet VARCHAR NOT NULL,
  row_number INTEGER NOT NULL,
  pupils INTEGER NOT NULL,
  owner_lao_code VARCHAR
);
`;

/**
 * Any counted record (not only members of a duplicate cluster) may be marked with an outcome
 * code by the province or the institution: a child who does not exist (201), has left (202, 203),
 * cannot be reached (204), has died (205) or other (206); 100 puts it back. Marks are kept,
 * never replaced, with where the record stood, who and when. `dedup_current_decisions` becomes the
 * latest decision per record of either kind (a mark wins a tie), so `counted_persons` leaves out
 * marked records exactly as it leaves out records answered 201–206 in a cluster.
 */
const RECORD_DECISIONS = `
CREATE SEQUENCE record_decision_id_seq START 1;
CREATE TABLE record_decisions (
  decision_id BIGINT PRIMARY KEY,
  round_id VARCHAR NOT NULL,
  institution_code VARCHAR NOT NULL,
  national_id VARCHAR NOT NULL,
  person_kind VARCHAR NOT NULL,
  submission_id BIGINT NOT NULL,
  sheet VARCHAR NOT NULL,
  row_number INTEGER NOT NULL,
  outcome INTEGER NOT NULL CHECK (outcome IN (100, 201, 202, 203, 204, 205, 206)),
  note VARCHAR NOT NULL,
  decided_by VARCHAR NOT NULL,
  decided_at TIMESTAMPTZ NOT NULL
);
CREATE OR REPLACE VIEW dedup_current_decisions AS
SELECT round_id, cluster_id, institution_code, national_id, outcome, note, decided_by, decided_at,
       decision_kind, decision_id
FROM (
  SELECT round_id, cluster_id, institution_code, national_id, outcome, note, decided_by, decided_at,
         'cluster' AS decision_kind, decision_id
  FROM dedup_decisions
  UNION ALL
  SELECT round_id, NULL, institution_code, national_id, outcome, note, decided_by, decided_at,
         'record', decision_id
  FROM record_decisions
)
QUALIFY row_number() OVER (
  PARTITION BY round_id, institution_code, national_id
  ORDER BY decided_at DESC, decision_kind DESC, decision_id DESC) = 1;
`;

/**
 * Where each current cluster of children stands, from its members' latest decisions: `open`
 * while two or more records still count and fewer than two say they attend; `resolved` when at
 * most one record still counts; `conflict` when two or more records are answered 100 (both
 * institutions say the child attends there): no answer of theirs can settle it, so it is
 * escalated to the province, which marks one record (201–206) or the pair as different children.
 */
const CLUSTER_STATUS = `
CREATE VIEW dedup_cluster_status AS
WITH decided AS (
  SELECT m.round_id, m.cluster_id, m.rule, d.outcome
  FROM (SELECT DISTINCT round_id, cluster_id, rule, institution_code, national_id FROM dedup_members) m
  LEFT JOIN dedup_current_decisions d USING (round_id, institution_code, national_id)
)
SELECT round_id, cluster_id, rule,
       count(*) AS records,
       count(*) FILTER (outcome = 100) AS attending,
       count(*) FILTER (outcome IS NULL) AS unanswered,
       CASE WHEN count(*) FILTER (outcome = 100) >= 2 THEN 'conflict'
            WHEN count(*) FILTER (outcome IS NULL OR outcome = 100) <= 1 THEN 'resolved'
            ELSE 'open' END AS status
FROM decided
GROUP BY round_id, cluster_id, rule;
`;

/**
 * Accounts, API tokens and the audit log. Numbered well after the others so that migrations
 * added on other branches meanwhile keep their numbers. `uploader_province` is the province an
 * upload was sent for (a provincial office's account), null for department-wide accounts.
 */
const ACCOUNTS = `
CREATE TABLE users (
  username VARCHAR PRIMARY KEY,
  role VARCHAR NOT NULL,
  province_code VARCHAR,
  password_hash VARCHAR NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL,
  created_by VARCHAR NOT NULL
);
CREATE TABLE api_tokens (
  token_id VARCHAR PRIMARY KEY,
  username VARCHAR NOT NULL,
  secret_hash VARCHAR NOT NULL,
  label VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ
);
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
  audit_id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
  occurred_at TIMESTAMPTZ NOT NULL,
  actor VARCHAR NOT NULL,
  action VARCHAR NOT NULL,
  outcome VARCHAR NOT NULL,
  target VARCHAR,
  detail VARCHAR,
  address VARCHAR
);
ALTER TABLE submissions ADD COLUMN uploader_province VARCHAR;
`;

/**
 * Completeness per round and institution, kept by the loader in the transaction that loads or
 * replaces a roster (pipeline/completeness/summary-sql.ts), so the completeness pages read about
 * 20,000 rows instead of scanning 1.5 M pupils. One row per (round, roster template, institution)
 * with at least one finished file: `status` is the current file's (`accepted`, `partial`), else
 * `rejected` when a file of it ended rejected; `pupils` the rows of the current file. Numbered
 * apart so that migrations added on other branches keep their numbers. Filled from existing data.
 */
const COMPLETENESS_SUMMARY = `
CREATE TABLE completeness_summary (
  round_id VARCHAR NOT NULL,
  template_id VARCHAR NOT NULL,
  institution_code VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  current_submission_id BIGINT,
  pupils INTEGER,
  files INTEGER NOT NULL,
  last_submitted_at TIMESTAMPTZ,
  last_accepted_at TIMESTAMPTZ
);
INSERT INTO completeness_summary
WITH f AS (
  SELECT * FROM submissions
  WHERE finished_at IS NOT NULL AND round_id IS NOT NULL AND subject_code IS NOT NULL
    AND template_id IN ('sis-students', 'ccis-children')
),
counts AS (
  SELECT submission_id, count(*) AS n FROM pupils GROUP BY submission_id
  UNION ALL
  SELECT submission_id, count(*) AS n FROM children GROUP BY submission_id
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
HAVING status IS NOT NULL;
`;

/**
 * The province's sign-off of a round (issue 14). Numbered well apart from other branches' migrations.
 * `province_certifications`: one row per round and province once certified (`certified`, `stale`,
 * `sent`, or `draft` again after an admin re-opened it); `certified_forms`: each certified version's
 * copy of the five outputs (JSON and .xlsx as base64) with its content hash and the hash of its figures
 * (what stale detection compares); `lao_contacts`: the registry's optional contact per LAO;
 * `reminder_outbox`: every reminder message, written before any attempt to send it.
 */
const SIGNOFF = `
CREATE TABLE province_certifications (
  round_id VARCHAR NOT NULL,
  province_code VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  certified_at TIMESTAMPTZ,
  certified_by VARCHAR,
  sent_at TIMESTAMPTZ,
  sent_by VARCHAR,
  stale_at TIMESTAMPTZ,
  stale_detail VARCHAR,
  reopened_at TIMESTAMPTZ,
  reopened_by VARCHAR,
  reopen_reason VARCHAR,
  PRIMARY KEY (round_id, province_code)
);
CREATE TABLE certified_forms (
  round_id VARCHAR NOT NULL,
  province_code VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  form VARCHAR NOT NULL,
  report_json VARCHAR NOT NULL,
  xlsx_base64 VARCHAR NOT NULL,
  content_hash VARCHAR NOT NULL,
  figures_hash VARCHAR NOT NULL,
  certified_at TIMESTAMPTZ NOT NULL,
  certified_by VARCHAR NOT NULL,
  PRIMARY KEY (round_id, province_code, version, form)
);
CREATE TABLE lao_contacts (
  lao_code VARCHAR PRIMARY KEY,
  contact_name VARCHAR,
  email VARCHAR,
  phone VARCHAR
);
CREATE TABLE reminder_outbox (
  message_id VARCHAR PRIMARY KEY,
  round_id VARCHAR NOT NULL,
  province_code VARCHAR NOT NULL,
  lao_code VARCHAR NOT NULL,
  recipient VARCHAR,
  institutions VARCHAR NOT NULL,
  subject VARCHAR NOT NULL,
  body_text VARCHAR NOT NULL,
  body_html VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  created_by VARCHAR NOT NULL,
  sent_at TIMESTAMPTZ,
  error VARCHAR
);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'reference and registry', sql: REFERENCE_AND_REGISTRY },
  { version: 2, name: 'submissions and issues', sql: SUBMISSIONS },
  { version: 3, name: 'rosters', sql: ROSTERS },
  { version: 4, name: 'duplicate detection', sql: DEDUP },
  { version: 5, name: 'the group of files each file travels with', sql: FILE_GROUPS },
  { version: 6, name: 'the options an upload was sent with', sql: UPLOAD_OPTIONS },
  { version: 7, name: 'other-affiliation schools claimed by two LAOs', sql: SAME_SCHOOL },
  { version: 8, name: 'outcome codes on any counted record', sql: RECORD_DECISIONS },
  { version: 9, name: 'where each duplicate cluster stands', sql: CLUSTER_STATUS },
  { version: 20, name: 'accounts, API tokens and the audit log', sql: ACCOUNTS },
  { version: 40, name: 'completeness per round and institution', sql: COMPLETENESS_SUMMARY },
  { version: 60, name: 'certification, LAO contacts and reminders', sql: SIGNOFF },
];
