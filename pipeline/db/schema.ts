import type { ColumnType, Generated } from 'kysely';

/** A TIMESTAMPTZ column: read as a Date, written as a Date or ISO text. */
type Instant = ColumnType<Date, Date | string, Date | string>;
/** A DATE column: read as a Date at UTC midnight, written as ISO `YYYY-MM-DD`. */
type PlainDate = ColumnType<Date, string, string>;

/** Kysely's view of the warehouse tables that TypeScript code reads and writes. */
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
  institution_facts: {
    submission_id: bigint | number;
    round_id: string;
    institution_code: string;
    teachers: number | null;
    classrooms: number | null;
    caregivers: number | null;
  };
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
  uploader_province: Generated<string | null>;
}
