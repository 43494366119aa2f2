import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { refreshCompletenessSummary } from '../completeness/summary-sql.ts';
import { queryRows } from '../db/database.ts';
import { createValuesTable, type ColumnType } from '../db/values-table.ts';
import type { Issue } from '../issues/issue.ts';
import { toIssueRow } from '../issues/issue-row.ts';
import type { StagedTableName } from '../staging/columns.ts';
import { readStagedSql, stagedFile } from '../staging/write-staging.ts';
import type { StagingSummary } from '../staging/summary.ts';

/*
 * The loader's raw DuckDB SQL, in one place. A batch of hundreds of files is written with
 * set-based statements that Kysely cannot express, or not without hiding what they do: staged
 * parts are read with DuckDB's `read_json` table function, a batch's per-file values travel in
 * side tables filled by the appender (no bound parameters), and rows are replaced with
 * `INSERT … SELECT` and `UPDATE … FROM` over those side tables. Callers hold the connection's
 * lane (`withDuckDB`), inside the batch's transaction where it writes.
 */

/** One file of a batch, once its staging and checks are known. */
export interface Planned {
  readonly submissionId: number;
  readonly partDir: string;
  readonly summary: StagingSummary;
  readonly extra: Issue[];
  readonly rejected: boolean;
  /** Another file of the same batch replaces this one (same subject and round, newer). */
  supersededBy: number | null;
}

export const ROSTER_TABLE = {
  'sis-students': 'pupils',
  'ccis-children': 'children',
  'other-schools': 'other_school_counts',
} as const;
type RosterTable = (typeof ROSTER_TABLE)[keyof typeof ROSTER_TABLE];
const REPLACED_TABLES = ['pupils', 'children', 'other_school_counts', 'institution_facts'] as const;
const ROSTER_SELECT: Record<RosterTable, string> = {
  pupils: `sheet, row_number, national_id, id_kind, prefix, first_name, last_name, sex, birth_date::DATE,
    grade, room, nationality, disability, disadvantage`,
  children: `sheet, row_number, national_id, id_kind, prefix, first_name, last_name, sex, birth_date::DATE,
    age_group, nationality, disability, disadvantage`,
  other_school_counts: 'sheet, row_number, school_code, school_name, affiliation, grade, sex, pupils',
};

/** A G-coded ID in a staged roster part, where the clerk sees it. */
export interface StagedGCode {
  readonly submission_id: bigint;
  readonly filename: string;
  readonly sheet: string;
  readonly row_number: number;
  readonly id_cell: string | null;
  readonly national_id: string;
}

/** The G-coded IDs of these staged parts of one roster table, file by file. */
export function readStagedGCodes(
  connection: DuckDBConnection,
  table: 'pupils' | 'children',
  files: readonly string[],
): Promise<StagedGCode[]> {
  return queryRows<StagedGCode & Record<string, unknown>>(
    connection,
    `SELECT submission_id, filename, sheet, row_number, id_cell, national_id FROM ${readStagedSql(table, files)}
     WHERE id_kind = 'g-code' ORDER BY submission_id, row_number`,
  );
}

/** Joins staged rows `p` to `batch_files b`: the file's rows, from the part chosen for it. */
function fromItsPart(table: StagedTableName): string {
  return `p.submission_id = b.submission_id AND p.filename = b.part_dir || '${path.sep}${table}.ndjson'`;
}

/** The part files of one table that hold rows of these files (several files may share a part). */
export function partFiles(items: readonly Planned[], table: StagedTableName): string[] {
  const files = items
    .filter((p) => p.summary.staged.includes(table))
    .map((p) => stagedFile(p.partDir, table));
  return [...new Set(files)];
}

/**
 * Writes a batch: its issues, the rows of its counted files in place of their subjects' previous
 * ones, each submission's outcome and the completeness rows of their institutions. Run inside the batch's transaction.
 */
export async function writeBatch(c: DuckDBConnection, planned: readonly Planned[], now: Date): Promise<void> {
  await createValuesTable(
    c,
    'batch_files',
    [
      ['submission_id', 'BIGINT'],
      ['part_dir', 'VARCHAR'],
      ['round_id', 'VARCHAR'],
      ['template_id', 'VARCHAR'],
      ['subject_code', 'VARCHAR'],
      ['counted', 'BOOLEAN'],
    ],
    planned.map((p) => [
      p.submissionId,
      p.partDir,
      p.summary.roundId,
      p.summary.templateId,
      p.summary.subjectCode,
      !p.rejected && p.supersededBy === null,
    ]),
  );
  await insertIssues(c, planned);
  await replacePreviousRows(c);
  await insertRosters(
    c,
    planned.filter((p) => !p.rejected && p.supersededBy === null),
  );
  await finishSubmissions(c, planned, now);
  await linkSupersededVersions(c);
  await refreshCompletenessSummary(c, 'SELECT submission_id FROM batch_files');
  await c.run('DROP TABLE IF EXISTS batch_files');
}

async function insertIssues(c: DuckDBConnection, planned: readonly Planned[]): Promise<void> {
  const files = partFiles(planned, 'issues');
  if (files.length > 0) {
    await c.run(
      `INSERT INTO issues SELECT b.submission_id, seq, severity, code, sheet, cell, row_number, column_header, field, value, message
       FROM ${readStagedSql('issues', files)} p JOIN batch_files b ON ${fromItsPart('issues')}`,
    );
  }
  const extra = planned.flatMap((p) =>
    p.extra.map((issue, i) => ({ p, issue, seq: p.summary.issueCount + i + 1 })),
  );
  if (extra.length === 0) return;
  await createValuesTable(
    c,
    'batch_issues',
    ISSUE_COLUMNS,
    extra.map(({ p, issue, seq }) => {
      const row = toIssueRow(issue, seq);
      return [p.submissionId, ...ISSUE_COLUMNS.slice(1).map(([name]) => row[name as keyof typeof row])];
    }),
  );
  await c.run('INSERT INTO issues SELECT * FROM batch_issues');
  await c.run('DROP TABLE batch_issues');
}

/** The issues table's columns, in order. */
const ISSUE_COLUMNS = [
  ['submission_id', 'BIGINT'],
  ['seq', 'INTEGER'],
  ['severity', 'VARCHAR'],
  ['code', 'VARCHAR'],
  ['sheet', 'VARCHAR'],
  ['cell', 'VARCHAR'],
  ['row_number', 'INTEGER'],
  ['column_header', 'VARCHAR'],
  ['field', 'VARCHAR'],
  ['value', 'VARCHAR'],
  ['message', 'VARCHAR'],
] as const satisfies ReadonlyArray<readonly [string, ColumnType]>;

/** Drops the rows of each counted subject's previous current submission and marks it superseded. */
async function replacePreviousRows(c: DuckDBConnection): Promise<void> {
  const previous = `SELECT s.submission_id, b.submission_id AS replaced_by FROM submissions s
    JOIN batch_files b ON b.counted AND s.round_id = b.round_id AND s.template_id = b.template_id AND s.subject_code = b.subject_code
    WHERE s.is_current AND s.submission_id <> b.submission_id`;
  await c.run(`CREATE OR REPLACE TEMP TABLE batch_previous AS ${previous}`);
  const [count] = await queryRows<{ n: bigint }>(c, 'SELECT count(*) AS n FROM batch_previous');
  // First uploads replace nothing: skip scanning the big tables for rows to delete.
  if (Number(count?.n ?? 0) > 0) await deletePreviousRows(c);
  await c.run('DROP TABLE IF EXISTS batch_previous');
}

async function deletePreviousRows(c: DuckDBConnection): Promise<void> {
  for (const table of REPLACED_TABLES) {
    await c.run(`DELETE FROM ${table} WHERE submission_id IN (SELECT submission_id FROM batch_previous)`);
  }
  await c.run(
    `UPDATE submissions SET is_current = false, superseded_by = p.replaced_by
     FROM batch_previous p WHERE submissions.submission_id = p.submission_id`,
  );
}

/**
 * Points every counted version of the batch's subjects that no longer counts at the next counted
 * version received after it (by submission id). Which file replaced which then depends only on
 * the order the files were received, not on the order their loads ran in (a retried parse, a
 * batch that held several versions at once): a run with faults ends as a clean one.
 */
async function linkSupersededVersions(c: DuckDBConnection): Promise<void> {
  await c.run(
    `UPDATE submissions SET superseded_by = n.next_id
     FROM (
       SELECT s.submission_id, min(t.submission_id) AS next_id
       FROM submissions s
       JOIN (SELECT DISTINCT round_id, template_id, subject_code FROM batch_files) b
         ON s.round_id = b.round_id AND s.template_id = b.template_id AND s.subject_code = b.subject_code
       JOIN submissions t
         ON t.round_id = s.round_id AND t.template_id = s.template_id AND t.subject_code = s.subject_code
        AND t.status IN ('accepted', 'partial') AND t.submission_id > s.submission_id
       WHERE s.status IN ('accepted', 'partial') AND NOT s.is_current
       GROUP BY s.submission_id
     ) n
     WHERE submissions.submission_id = n.submission_id AND submissions.superseded_by IS DISTINCT FROM n.next_id`,
  );
}

async function insertRosters(c: DuckDBConnection, counted: readonly Planned[]): Promise<void> {
  for (const table of Object.values(ROSTER_TABLE)) {
    const files = partFiles(counted, table);
    if (files.length === 0) continue;
    // A part may also hold rows of files that are not counted: the join keeps only counted ones.
    await c.run(
      `INSERT INTO ${table} SELECT b.submission_id, b.round_id, b.subject_code, ${ROSTER_SELECT[table]}
       FROM ${readStagedSql(table, files)} p JOIN batch_files b ON ${fromItsPart(table)} AND b.counted`,
    );
  }
  const facts = counted.filter((p) => p.summary.templateId !== 'other-schools');
  await createValuesTable(
    c,
    'batch_facts',
    [
      ['submission_id', 'BIGINT'],
      ['round_id', 'VARCHAR'],
      ['institution_code', 'VARCHAR'],
      ['teachers', 'INTEGER'],
      ['classrooms', 'INTEGER'],
      ['caregivers', 'INTEGER'],
    ],
    facts.map((p) => [
      p.submissionId,
      p.summary.roundId,
      p.summary.subjectCode,
      p.summary.facts.teachers,
      p.summary.facts.classrooms,
      p.summary.facts.caregivers,
    ]),
  );
  await c.run('INSERT INTO institution_facts SELECT * FROM batch_facts');
  await c.run('DROP TABLE IF EXISTS batch_facts');
}

async function finishSubmissions(c: DuckDBConnection, planned: readonly Planned[], now: Date): Promise<void> {
  await createValuesTable(
    c,
    'batch_results',
    [
      ['submission_id', 'BIGINT'],
      ['status', 'VARCHAR'],
      ['is_current', 'BOOLEAN'],
      ['superseded_by', 'BIGINT'],
      ['round_id', 'VARCHAR'],
      ['template_id', 'VARCHAR'],
      ['template_version', 'VARCHAR'],
      ['subject_code', 'VARCHAR'],
      ['rows_total', 'INTEGER'],
      ['rows_accepted', 'INTEGER'],
      ['rows_rejected', 'INTEGER'],
      ['errors', 'INTEGER'],
      ['warnings', 'INTEGER'],
    ],
    planned.map((p) => {
      const { total, accepted, rejected } = p.summary.rows;
      return [
        p.submissionId,
        p.rejected ? 'rejected' : p.summary.status,
        !p.rejected && p.supersededBy === null,
        p.supersededBy,
        p.summary.roundId,
        p.summary.templateId,
        p.summary.templateVersion,
        p.summary.subjectCode,
        total,
        p.rejected ? 0 : accepted,
        p.rejected ? total : rejected,
        p.summary.errors + p.extra.filter((i) => i.severity === 'error').length,
        p.summary.warnings + p.extra.filter((i) => i.severity === 'warning').length,
      ];
    }),
  );
  await c.run(
    `UPDATE submissions SET status = r.status, is_current = r.is_current, superseded_by = r.superseded_by,
       round_id = r.round_id, template_id = r.template_id, template_version = r.template_version, subject_code = r.subject_code,
       rows_total = r.rows_total, rows_accepted = r.rows_accepted, rows_rejected = r.rows_rejected,
       errors = r.errors, warnings = r.warnings, finished_at = $1::TIMESTAMPTZ
     FROM batch_results r WHERE submissions.submission_id = r.submission_id`,
    [now.toISOString()],
  );
  await c.run('DROP TABLE IF EXISTS batch_results');
}
