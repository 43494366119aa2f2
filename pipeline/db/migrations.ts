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

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'reference and registry', sql: REFERENCE_AND_REGISTRY },
  { version: 2, name: 'submissions and issues', sql: SUBMISSIONS },
  { version: 3, name: 'rosters', sql: ROSTERS },
];
