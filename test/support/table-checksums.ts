import { closeDatabase, openDatabase, queryRows } from '../../pipeline/db/database.ts';

/**
 * What two runs over the same files may legitimately differ in, per table. Everything else in a
 * row must be equal for the checksums to be equal.
 *
 * - Every column that holds a submission id (`submission_id`, `superseded_by`,
 *   `current_submission_id`, in every table) is replaced by the submission's stable key: the
 *   file's sha256, the institution it is for (`subject_code`) and the options it was sent with,
 *   plus its rank among submissions of that same key (1 unless the same bytes came twice). So a
 *   pupil row still says which file it came from, and `superseded_by` which file won.
 * - Every TIMESTAMP / TIMESTAMPTZ column is reduced to whether it is set (uploads, finishing,
 *   decisions, audit and migration times are wall-clock), except in `rounds` and
 *   `window_exceptions.until`, which come from reference data and commands, not the clock.
 * - `EXCLUDED` below: surrogate ids drawn from sequences or random sources, and values that
 *   carry them or the clock inside (hashes of salted secrets, rendered workbooks).
 *
 * - `ROWS` below: rows whose number depends on timing, not on the files.
 *
 * Views are not summed (they are queries over the tables that are).
 */
const EXCLUDED: Readonly<Record<string, readonly string[]>> = {
  /** The id of the group a file travelled in: a fresh id per intake call. */
  submissions: ['file_group'],
  /** Sequence numbers of registry loads. */
  registry_loads: ['load_id'],
  /** Sequence numbers of duplicate-detection runs and the results that point at them. */
  dedup_runs: ['run_id'],
  dedup_clusters: ['run_id'],
  /** Sequence numbers of decisions (the decision itself, its record and its author stay). */
  dedup_decisions: ['decision_id'],
  record_decisions: ['decision_id'],
  /** Sequence numbers of audit entries. */
  audit_log: ['audit_id'],
  /** Random token ids and salted hashes. */
  api_tokens: ['token_id', 'secret_hash'],
  users: ['password_hash'],
  /** Message ids name the moment a reminder was written. */
  reminder_outbox: ['message_id'],
  /** Rendered outputs embed the time they were made; `figures_hash` stays and is compared. */
  certified_forms: ['report_json', 'xlsx_base64', 'content_hash'],
};

/**
 * Rows compared, where not all: how many duplicate-detection runs a round had depends on how the
 * loads fell against the debounce; its latest run (what readers see) is compared.
 */
const ROWS: Readonly<Record<string, string>> = {
  dedup_runs: 'QUALIFY row_number() OVER (PARTITION BY round_id ORDER BY run_id DESC) = 1',
};

/** Timestamp columns that are data, not the clock. */
const KEPT_TIMES: Readonly<Record<string, readonly string[]>> = {
  rounds: ['opens_at', 'closes_at'],
  window_exceptions: ['until'],
};

const SUBMISSION_ID_COLUMNS = new Set(['submission_id', 'superseded_by', 'current_submission_id']);

/** Each submission id's stable key (see above), as a CTE the table queries join. */
const SUBMISSION_KEYS = `
WITH submission_keys AS (
  SELECT submission_id AS id,
         concat_ws('|', sha256, coalesce(subject_code, ''), coalesce(upload_options, ''),
                   row_number() OVER (PARTITION BY sha256, subject_code, upload_options ORDER BY submission_id)) AS k
  FROM submissions
)`;

interface Column {
  readonly table_name: string;
  readonly column_name: string;
  readonly data_type: string;
}

/**
 * Opens the DuckDB file read-only (no process may hold it for writing meanwhile) and returns, per
 * base table, `rows:sum` where `sum` adds a 64-bit hash of each row's text as compared (see the
 * rules above). A sum of row hashes does not depend on row order and still counts repeated rows.
 */
export async function tableChecksums(databaseFile: string): Promise<Record<string, string>> {
  const database = await openDatabase(databaseFile, { readOnly: true });
  try {
    const columns = await queryRows<Column & Record<string, unknown>>(
      database.connection,
      `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
       WHERE t.table_type = 'BASE TABLE' AND c.table_schema = 'main'
       ORDER BY c.table_name, c.ordinal_position`,
    );
    const out: Record<string, string> = {};
    for (const [table, cols] of groupByTable(columns)) {
      const [row] = await queryRows<{ n: bigint; total: bigint | null }>(
        database.connection,
        tableQuery(table, cols),
      );
      out[table] = `${row!.n}:${row!.total ?? 0}`;
    }
    return out;
  } finally {
    closeDatabase(database);
  }
}

function groupByTable(columns: readonly Column[]): Map<string, Column[]> {
  const byTable = new Map<string, Column[]>();
  for (const column of columns) {
    const list = byTable.get(column.table_name) ?? [];
    list.push(column);
    byTable.set(column.table_name, list);
  }
  return byTable;
}

function tableQuery(table: string, columns: readonly Column[]): string {
  const compared = columns.filter((c) => !(EXCLUDED[table] ?? []).includes(c.column_name));
  const fields = compared.map((c) => `${quote(c.column_name)} := ${columnExpression(table, c)}`);
  const row = fields.length > 0 ? `struct_pack(${fields.join(', ')})::VARCHAR` : `''`;
  return `${SUBMISSION_KEYS}
SELECT count(*) AS n, sum(hash(r)::HUGEINT)::VARCHAR AS total
FROM (SELECT ${row} AS r FROM ${quote(table)} t ${ROWS[table] ?? ''})`;
}

function columnExpression(table: string, column: Column): string {
  const name = `t.${quote(column.column_name)}`;
  if (SUBMISSION_ID_COLUMNS.has(column.column_name))
    return `(SELECT k FROM submission_keys WHERE id = ${name})`;
  const isTime = column.data_type.startsWith('TIMESTAMP');
  if (isTime && !(KEPT_TIMES[table] ?? []).includes(column.column_name)) return `${name} IS NOT NULL`;
  return name;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
