import type { ColumnType, Generated } from 'kysely';

/** A TIMESTAMPTZ column: read as a Date, written as a Date or ISO text. */
type Instant = ColumnType<Date, Date | string, Date | string>;
/** A DATE column: read as a Date at UTC midnight, written as ISO `YYYY-MM-DD`. */
type PlainDate = ColumnType<Date, string, string>;
/** A BIGINT column: read as a bigint, written as a bigint or a safe JS number. */
type Int64 = ColumnType<bigint, bigint | number, bigint | number>;

/**
 * Kysely's view of the warehouse: every table and view of the migrations (but their own
 * bookkeeping, `schema_migrations`). A test compares it with DuckDB's `information_schema` after
 * the migrations ran (names, types, nullability, defaults), so the two cannot drift apart: a new
 * migration changes this file in the same commit.
 */
export interface Warehouse {
  provinces: { province_code: string; name_th: string; name_en: string };
  rounds: {
    round_id: string;
    academic_year: number;
    term: number;
    reference_date: PlainDate;
    opens_at: Instant;
    closes_at: Instant;
    reports_due: PlainDate;
  };
  laos: { lao_code: string; lao_name: string; lao_type: string; province_code: string; district: string };
  institutions: {
    institution_code: string;
    institution_name: string;
    kind: string;
    lao_code: string;
    status: string;
  };
  other_schools: { school_code: string; school_name: string; affiliation: string; lao_code: string };
  registry_loads: {
    load_id: number;
    loaded_at: Instant;
    source: string;
    laos: number;
    institutions: number;
    other_schools: number;
  };
  window_exceptions: {
    round_id: string;
    lao_code: string;
    until: Instant;
    granted_by: string;
    granted_at: Instant;
    reason: string | null;
  };
  submissions: SubmissionTable;
  users: {
    username: string;
    role: string;
    province_code: string | null;
    password_hash: string;
    disabled: Generated<boolean>;
    created_at: Instant;
    created_by: string;
  };
  api_tokens: {
    token_id: string;
    username: string;
    secret_hash: string;
    label: string | null;
    created_at: Instant;
    revoked_at: Instant | null;
  };
  audit_log: {
    audit_id: Generated<bigint>;
    occurred_at: Instant;
    actor: string;
    action: string;
    outcome: string;
    target: string | null;
    detail: string | null;
    address: string | null;
  };
  issues: {
    submission_id: bigint | number;
    seq: number;
    severity: string;
    code: string;
    sheet: string | null;
    cell: string | null;
    row_number: number | null;
    column_header: string | null;
    field: string | null;
    value: string | null;
    message: string;
  };
  dedup_school_claims: {
    round_id: string;
    cluster_id: string;
    school_code: string;
    school_name: string;
    affiliation: string;
    lao_code: string;
    submission_id: ColumnType<bigint, bigint | number, bigint | number>;
    sheet: string;
    row_number: number;
    pupils: number;
    owner_lao_code: string | null;
  };
  record_decisions: {
    decision_id: ColumnType<bigint, bigint | number, never>;
    round_id: string;
    institution_code: string;
    national_id: string;
    person_kind: 'pupil' | 'child';
    submission_id: ColumnType<bigint, bigint | number, never>;
    sheet: string;
    row_number: number;
    outcome: number;
    note: string;
    decided_by: string;
    decided_at: Instant;
  };
  /** View: the latest decision per record, from a cluster answer or a record mark. */
  dedup_current_decisions: {
    round_id: string;
    cluster_id: string | null;
    institution_code: string;
    national_id: string;
    outcome: number;
    note: string | null;
    decided_by: string;
    decided_at: Instant;
    decision_kind: 'cluster' | 'record';
    decision_id: bigint;
  };
  /** View: where each current cluster of children stands (`open`, `resolved`, `conflict`). */
  dedup_cluster_status: {
    round_id: string;
    cluster_id: string;
    rule: string;
    records: bigint;
    attending: bigint;
    unanswered: bigint;
    status: 'open' | 'resolved' | 'conflict';
  };
  institution_facts: {
    submission_id: bigint | number;
    round_id: string;
    institution_code: string;
    teachers: number | null;
    classrooms: number | null;
    caregivers: number | null;
  };
  pupils: PupilTable;
  children: ChildTable;
  /** Completeness per round × roster template × institution, kept by the loader. */
  completeness_summary: {
    round_id: string;
    template_id: string;
    institution_code: string;
    status: string;
    current_submission_id: Int64 | null;
    pupils: number | null;
    files: number;
    last_submitted_at: Instant | null;
    last_accepted_at: Instant | null;
  };
  other_school_counts: {
    submission_id: Int64;
    round_id: string;
    lao_code: string;
    sheet: string;
    row_number: number;
    school_code: string;
    school_name: string;
    affiliation: string;
    grade: string;
    sex: string;
    pupils: number;
  };
  dedup_runs: {
    run_id: Int64;
    round_id: string;
    started_at: Instant;
    finished_at: Instant | null;
    status: string;
    threshold: number;
    rows_scanned: Int64 | null;
    flagged_records: Int64 | null;
    same_id_clusters: number | null;
    same_name_dob_clusters: number | null;
    probable_clusters: number | null;
    same_id_pairs: Int64 | null;
    same_name_dob_pairs: Int64 | null;
    probable_pairs: Int64 | null;
    oversized_blocks: number | null;
    same_school_clusters: number | null;
    error: string | null;
  };
  dedup_clusters: {
    round_id: string;
    cluster_id: string;
    rule: string;
    score: number;
    reasons: string[];
    member_count: number;
    run_id: Int64;
  };
  dedup_members: {
    round_id: string;
    cluster_id: string;
    rule: string;
    group_id: string;
    person_kind: string;
    institution_code: string;
    national_id: string;
    id_kind: string;
    lao_code: string | null;
    province_code: string | null;
    district: string | null;
    submission_id: Int64;
    sheet: string;
    row_number: number;
    first_name: string;
    last_name: string;
    sex: string;
    birth_date: PlainDate;
  };
  dedup_pairs: {
    round_id: string;
    cluster_id: string;
    rule: string;
    a_institution_code: string;
    a_national_id: string;
    b_institution_code: string;
    b_national_id: string;
    score: number;
    reasons: string[];
  };
  dedup_decisions: {
    decision_id: Int64;
    round_id: string;
    cluster_id: string;
    institution_code: string;
    national_id: string;
    outcome: number;
    note: string | null;
    decided_by: string;
    decided_at: Instant;
  };
  dedup_not_same: {
    a_institution_code: string;
    a_national_id: string;
    b_institution_code: string;
    b_national_id: string;
    round_id: string;
    note: string | null;
    marked_by: string;
    marked_at: Instant;
  };
  /** View: the latest decision per record. DuckDB knows no nullability of a view's columns. */
  /** View: the pupils and children that count (README, "Warehouse"). */
  counted_persons: {
    person_kind: 'pupil' | 'child';
    round_id: string;
    institution_code: string;
    lao_code: string | null;
    province_code: string | null;
    district: string | null;
    national_id: string;
    submission_id: Int64;
    sheet: string;
    row_number: number;
    sex: string;
    birth_date: PlainDate;
    grade: string | null;
    age_group: number | null;
    outcome: number | null;
    group_id: string | null;
    unresolved_duplicate: boolean;
    counts_in_totals: boolean;
  };
  province_certifications: {
    round_id: string;
    province_code: string;
    status: string;
    version: number;
    certified_at: Instant | null;
    certified_by: string | null;
    sent_at: Instant | null;
    sent_by: string | null;
    stale_at: Instant | null;
    stale_detail: string | null;
    reopened_at: Instant | null;
    reopened_by: string | null;
    reopen_reason: string | null;
  };
  certified_forms: {
    round_id: string;
    province_code: string;
    version: number;
    form: string;
    report_json: string;
    xlsx_base64: string;
    content_hash: string;
    figures_hash: string;
    certified_at: Instant;
    certified_by: string;
  };
  lao_contacts: { lao_code: string; contact_name: string | null; email: string | null; phone: string | null };
  reminder_outbox: {
    message_id: string;
    round_id: string;
    province_code: string;
    lao_code: string;
    recipient: string | null;
    institutions: string;
    subject: string;
    body_text: string;
    body_html: string;
    status: string;
    created_at: Instant;
    created_by: string;
    sent_at: Instant | null;
    error: string | null;
  };
}

/** The columns pupils and children share, in table order up to `birth_date`. */
interface PersonColumns {
  submission_id: Int64;
  round_id: string;
  institution_code: string;
  sheet: string;
  row_number: number;
  national_id: string;
  id_kind: string;
  prefix: string | null;
  first_name: string;
  last_name: string;
  sex: string;
  birth_date: PlainDate;
}

export interface PupilTable extends PersonColumns {
  grade: string;
  room: string | null;
  nationality: string | null;
  disability: string | null;
  disadvantage: string | null;
}

export interface ChildTable extends PersonColumns {
  age_group: number;
  nationality: string | null;
  disability: string | null;
  disadvantage: string | null;
}

export interface SubmissionTable {
  submission_id: ColumnType<bigint, bigint | number, never>;
  sha256: string;
  file_name: string;
  file_size: ColumnType<bigint, bigint | number, bigint | number>;
  uploaded_by: string;
  uploaded_at: Instant;
  as_of: Instant;
  round_id: string | null;
  template_id: string | null;
  template_version: string | null;
  subject_code: string | null;
  status: string;
  is_current: Generated<boolean>;
  superseded_by: bigint | number | null;
  rows_total: Generated<number>;
  rows_accepted: Generated<number>;
  rows_rejected: Generated<number>;
  errors: Generated<number>;
  warnings: Generated<number>;
  finished_at: Instant | null;
  /** The group of files this one was parsed and loaded with (its queue jobs and report file). */
  file_group: string | null;
  /** The province of the account that uploaded it; null for department-wide accounts. */
  uploader_province: string | null;
  /** The options the upload was sent with, canonical (`round=2562-2;subject=…`), empty when none. */
  upload_options: Generated<string | null>;
}
