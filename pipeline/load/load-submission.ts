import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { inTransaction, queryRows } from '../db/database.ts';
import type { Warehouse } from '../db/schema.ts';
import { createKeyTable, createValuesTable, type ColumnType } from '../db/values-table.ts';
import { isFileLevel, makeIssue, type Issue } from '../issues/issue.ts';
import { toIssueRow } from '../issues/issue-row.ts';
import type { StagedTableName } from '../staging/columns.ts';
import { readStagedSql, stagedFile, type StagedEntry } from '../staging/write-staging.ts';
import type { StagingSummary } from '../staging/summary.ts';
import { contextIssues, fetchContextFacts, subjectOf, type ContextFacts } from './check-context.ts';
import { readSubmissionReports, type SubmissionReport } from './submission-report.ts';

export interface LoadDeps {
  readonly connection: DuckDBConnection;
  readonly db: Kysely<Warehouse>;
}

/** A staged file to load: where its part is and what its parse said. */
export interface LoadInput extends StagedEntry {
  readonly submissionId: number;
}

/** One file of a batch, once its staging and checks are known. */
interface Planned {
  readonly submissionId: number;
  readonly partDir: string;
  readonly summary: StagingSummary;
  readonly extra: Issue[];
  readonly rejected: boolean;
  /** Another file of the same batch replaces this one (same subject and round, newer). */
  supersededBy: number | null;
}

const ROSTER_TABLE = {
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

/**
 * Loads parsed files into the warehouse, many in one transaction with set-based SQL: their
 * issues, and (unless rejected) their rows in place of each subject's previous submission for
 * the round. A reader sees the old version or the new one, never a mix; a rejected file leaves
 * the old one counted. Finished submissions are skipped, so a retried batch changes nothing.
 * Returns the reports in the order of `inputs`.
 */
export async function loadSubmissions(
  deps: LoadDeps,
  inputs: readonly LoadInput[],
  now: Date,
): Promise<SubmissionReport[]> {
  const open = await unfinished(deps.connection, inputs);
  if (open.length > 0) {
    const facts = await fetchContextFacts(
      deps.connection,
      open.map((input) => input.summary),
    );
    const planned = open.map((input) => plan(input, facts, input.asOf, input.uploaderProvince));
    await addGCodeWarnings(deps.connection, planned, facts);
    markSupersededInBatch(planned);
    await markSupersededByCurrent(deps.connection, planned);
    await inTransaction(deps.connection, () => writeBatch(deps, planned, now));
  }
  return readSubmissionReports(
    deps.connection,
    inputs.map((i) => i.submissionId),
  );
}

/** The inputs whose submission is not finished yet (each once), with the clock of their window check. */
async function unfinished(
  connection: DuckDBConnection,
  inputs: readonly LoadInput[],
): Promise<Array<LoadInput & { asOf: Date; uploaderProvince: string | null }>> {
  if (inputs.length === 0) return [];
  const ids = [...new Set(inputs.map((i) => i.submissionId))];
  await createKeyTable(connection, 'batch_ids', ['submission_id', 'BIGINT'], ids);
  const rows = await queryRows<{ submission_id: bigint; as_of: Date; uploader_province: string | null }>(
    connection,
    `SELECT submission_id, as_of, uploader_province FROM submissions SEMI JOIN batch_ids USING (submission_id) WHERE finished_at IS NULL`,
  );
  await connection.run('DROP TABLE batch_ids');
  const byId = new Map(rows.map((r) => [Number(r.submission_id), r]));
  const seen = new Set<number>();
  return inputs.flatMap((i) => {
    const row = byId.get(i.submissionId);
    if (!row || seen.has(i.submissionId)) return [];
    seen.add(i.submissionId);
    return [{ ...i, asOf: row.as_of, uploaderProvince: row.uploader_province }];
  });
}

function plan(input: LoadInput, facts: ContextFacts, asOf: Date, uploaderProvince: string | null): Planned {
  const summary = input.summary;
  const extra = contextIssues(summary, facts, asOf, uploaderProvince);
  const rejected = summary.status === 'rejected' || extra.some(isFileLevel);
  return {
    submissionId: input.submissionId,
    partDir: input.partDir,
    summary,
    extra,
    rejected,
    supersededBy: null,
  };
}

function subjectKey(s: StagingSummary): string {
  return `${s.roundId}|${s.templateId}|${s.subjectCode}`;
}

/** Two versions of one subject in one batch: the newer counts, the older is superseded by it. */
function markSupersededInBatch(planned: Planned[]): void {
  const newest = new Map<string, Planned>();
  for (const p of planned.filter((x) => !x.rejected)) {
    const key = subjectKey(p.summary);
    const seen = newest.get(key);
    if (!seen || p.submissionId > seen.submissionId) newest.set(key, p);
  }
  for (const p of planned) {
    const winner = p.rejected ? undefined : newest.get(subjectKey(p.summary));
    if (winner && winner !== p) p.supersededBy = winner.submissionId;
  }
}

/**
 * A version that arrives after a newer one was counted (a big file parsed slowly, a retried job)
 * does not push it out: it is superseded by the counted one. Uploads are ordered by submission
 * id, the order in which they were received.
 */
async function markSupersededByCurrent(connection: DuckDBConnection, planned: Planned[]): Promise<void> {
  const counted = planned.filter((p) => !p.rejected && p.supersededBy === null);
  if (counted.length === 0) return;
  await createValuesTable(
    connection,
    'batch_subjects',
    [
      ['submission_id', 'BIGINT'],
      ['round_id', 'VARCHAR'],
      ['template_id', 'VARCHAR'],
      ['subject_code', 'VARCHAR'],
    ],
    counted.map((p) => [p.submissionId, p.summary.roundId, p.summary.templateId, p.summary.subjectCode]),
  );
  const newer = await queryRows<{ submission_id: bigint; current_id: bigint }>(
    connection,
    `SELECT b.submission_id, max(s.submission_id) AS current_id FROM batch_subjects b
     JOIN submissions s ON s.is_current AND s.round_id = b.round_id AND s.template_id = b.template_id
       AND s.subject_code = b.subject_code AND s.submission_id > b.submission_id
     GROUP BY b.submission_id`,
  );
  await connection.run('DROP TABLE batch_subjects');
  const byId = new Map(counted.map((p) => [p.submissionId, p]));
  for (const row of newer) byId.get(Number(row.submission_id))!.supersededBy = Number(row.current_id);
}

/** Warns where a G-code was issued in another province than the institution's (one query per table). */
async function addGCodeWarnings(
  connection: DuckDBConnection,
  planned: Planned[],
  facts: ContextFacts,
): Promise<void> {
  const targets = new Map<number, { item: Planned; province: string }>();
  for (const item of planned) {
    const table = item.summary.templateId ? ROSTER_TABLE[item.summary.templateId] : undefined;
    const province = subjectOf(item.summary, facts)?.provinceCode;
    if (item.rejected || !province || (table !== 'pupils' && table !== 'children')) continue;
    if (item.summary.staged.includes(table)) targets.set(item.submissionId, { item, province });
  }
  for (const table of ['pupils', 'children'] as const) {
    const files = partFiles(
      [...targets.values()].map((t) => t.item),
      table,
    );
    if (files.length === 0) continue;
    const rows = await queryRows<{
      submission_id: bigint;
      filename: string;
      sheet: string;
      row_number: number;
      id_cell: string | null;
      national_id: string;
    }>(
      connection,
      `SELECT submission_id, filename, sheet, row_number, id_cell, national_id FROM ${readStagedSql(table, files)}
       WHERE id_kind = 'g-code' ORDER BY submission_id, row_number`,
    );
    for (const r of rows) {
      const target = targets.get(Number(r.submission_id));
      if (!target || r.filename !== stagedFile(target.item.partDir, table)) continue;
      if (r.national_id.slice(3, 5) === target.province) continue;
      target.item.extra.push(
        makeIssue('cell/g-code-province', {
          sheet: r.sheet,
          cell: r.id_cell,
          row: r.row_number,
          field: 'national_id',
          value: r.national_id,
          detail: `จังหวัด ${r.national_id.slice(3, 5)} ≠ ${target.province}`,
        }),
      );
    }
  }
}

/** Joins staged rows `p` to `batch_files b`: the file's rows, from the part chosen for it. */
function fromItsPart(table: StagedTableName): string {
  return `p.submission_id = b.submission_id AND p.filename = b.part_dir || '${path.sep}${table}.ndjson'`;
}

/** The part files of one table that hold rows of these files (several files may share a part). */
function partFiles(items: readonly Planned[], table: StagedTableName): string[] {
  const files = items
    .filter((p) => p.summary.staged.includes(table))
    .map((p) => stagedFile(p.partDir, table));
  return [...new Set(files)];
}

async function writeBatch(deps: LoadDeps, planned: readonly Planned[], now: Date): Promise<void> {
  const c = deps.connection;
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
  await insertIssues(deps, planned);
  await replacePreviousRows(c);
  await insertRosters(
    c,
    planned.filter((p) => !p.rejected && p.supersededBy === null),
  );
  await finishSubmissions(c, planned, now);
  await c.run('DROP TABLE IF EXISTS batch_files');
}

async function insertIssues(deps: LoadDeps, planned: readonly Planned[]): Promise<void> {
  const files = partFiles(planned, 'issues');
  if (files.length > 0) {
    await deps.connection.run(
      `INSERT INTO issues SELECT b.submission_id, seq, severity, code, sheet, cell, row_number, column_header, field, value, message
       FROM ${readStagedSql('issues', files)} p JOIN batch_files b ON ${fromItsPart('issues')}`,
    );
  }
  const extra = planned.flatMap((p) =>
    p.extra.map((issue, i) => ({ p, issue, seq: p.summary.issueCount + i + 1 })),
  );
  if (extra.length === 0) return;
  await createValuesTable(
    deps.connection,
    'batch_issues',
    ISSUE_COLUMNS,
    extra.map(({ p, issue, seq }) => {
      const row = toIssueRow(issue, seq);
      return [p.submissionId, ...ISSUE_COLUMNS.slice(1).map(([name]) => row[name as keyof typeof row])];
    }),
  );
  await deps.connection.run('INSERT INTO issues SELECT * FROM batch_issues');
  await deps.connection.run('DROP TABLE batch_issues');
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
