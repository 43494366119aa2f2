import { readFile, rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { inTransaction, queryRows } from '../db/database.ts';
import type { Warehouse } from '../db/schema.ts';
import { getSubmission } from '../db/submission-repository.ts';
import { SisError } from '../errors.ts';
import { isFileLevel, makeIssue, type Issue } from '../issues/issue.ts';
import { stagedFile, summaryFile } from '../staging/write-staging.ts';
import { stagingSummarySchema, type StagingSummary } from '../staging/summary.ts';
import { checkContext, type SubjectPlace } from './check-context.ts';
import { readSubmissionReport, type SubmissionReport } from './submission-report.ts';

export interface LoadDeps {
  readonly connection: DuckDBConnection;
  readonly db: Kysely<Warehouse>;
}

export interface LoadInput {
  readonly submissionId: number;
  readonly stagingDir: string;
  readonly now: Date;
}

/** Warehouse table and the template whose rows it holds. */
const ROSTER_TABLE = { 'sis-students': 'pupils', 'ccis-children': 'children', 'other-schools': 'other_school_counts' } as const;
const REPLACED_TABLES = ['pupils', 'children', 'other_school_counts', 'institution_facts'] as const;

/**
 * Loads one parsed file into the warehouse in a single transaction: its issues, and (unless it
 * is rejected) its rows in place of the subject's previous submission for the round. A reader
 * sees the old version or the new one, never a mix; a rejected file leaves the old one counted.
 * Running it again for a finished submission changes nothing and returns the same report.
 */
export async function loadSubmission(deps: LoadDeps, input: LoadInput): Promise<SubmissionReport> {
  const submission = await getSubmission(deps.db, input.submissionId);
  if (!submission) throw new SisError('internal/bug', `submission ${input.submissionId} does not exist`);
  if (submission.finished) return readSubmissionReport(deps.db, input.submissionId);
  const summary = await readSummary(input.stagingDir);
  const context = await checkContext(deps.db, summary, submission.asOf);
  const extra = [...context.issues, ...(await gCodeProvinceIssues(deps.connection, input.stagingDir, summary, context.place))];
  const rejected = summary.status === 'rejected' || extra.some(isFileLevel);
  await inTransaction(deps.connection, async () => {
    await insertIssues(deps, input, summary, extra);
    if (!rejected) await replaceRows(deps, input, summary);
    await finishSubmission(deps, input, summary, rejected);
  });
  await rm(input.stagingDir, { recursive: true, force: true });
  return readSubmissionReport(deps.db, input.submissionId);
}

async function readSummary(dir: string): Promise<StagingSummary> {
  try {
    return stagingSummarySchema.parse(JSON.parse(await readFile(summaryFile(dir), 'utf8')));
  } catch (cause) {
    throw new SisError('storage/io', `staging summary in ${dir} cannot be read`, { cause });
  }
}

function parquet(dir: string, table: Parameters<typeof stagedFile>[1]): string {
  return `read_parquet('${stagedFile(dir, table).replaceAll("'", "''")}')`;
}

/** Warns where a G-code was issued in another province than the institution's. */
async function gCodeProvinceIssues(
  connection: DuckDBConnection,
  dir: string,
  summary: StagingSummary,
  place: SubjectPlace,
): Promise<Issue[]> {
  if (!place.provinceCode || summary.status === 'rejected') return [];
  if (summary.templateId !== 'sis-students' && summary.templateId !== 'ccis-children') return [];
  const table = ROSTER_TABLE[summary.templateId];
  const rows = await queryRows<{ sheet: string; row_number: number; id_cell: string | null; national_id: string }>(
    connection,
    `SELECT sheet, row_number, id_cell, national_id FROM ${parquet(dir, table)}
     WHERE id_kind = 'g-code' AND substr(national_id, 4, 2) <> $1 ORDER BY row_number`,
    [place.provinceCode],
  );
  return rows.map((r) =>
    makeIssue('cell/g-code-province', {
      sheet: r.sheet,
      cell: r.id_cell,
      row: r.row_number,
      field: 'national_id',
      value: r.national_id,
      detail: `จังหวัด ${r.national_id.slice(3, 5)} ≠ ${place.provinceCode}`,
    }),
  );
}

async function insertIssues(deps: LoadDeps, input: LoadInput, summary: StagingSummary, extra: Issue[]): Promise<void> {
  await deps.connection.run(
    `INSERT INTO issues SELECT $1, seq, severity, code, sheet, cell, row_number, column_header, field, value, message
     FROM ${parquet(input.stagingDir, 'issues')}`,
    [input.submissionId],
  );
  if (extra.length === 0) return;
  await deps.db
    .insertInto('issues')
    .values(
      extra.map((issue, index) => ({
        submission_id: input.submissionId,
        seq: summary.issueCount + index + 1,
        severity: issue.severity,
        code: issue.code,
        sheet: issue.sheet,
        cell: issue.cell,
        row_number: issue.row,
        column_header: issue.column,
        field: issue.field,
        value: issue.value,
        message: issue.message,
      })),
    )
    .execute();
}

async function replaceRows(deps: LoadDeps, input: LoadInput, summary: StagingSummary): Promise<void> {
  const { templateId, roundId, subjectCode } = summary;
  if (!templateId || !roundId || !subjectCode) throw new SisError('internal/bug', 'an accepted file without subject');
  const previous = `SELECT submission_id FROM submissions
    WHERE round_id = $1 AND template_id = $2 AND subject_code = $3 AND is_current AND submission_id <> $4`;
  const keys = [roundId, templateId, subjectCode, input.submissionId];
  for (const table of REPLACED_TABLES) {
    await deps.connection.run(`DELETE FROM ${table} WHERE submission_id IN (${previous})`, keys);
  }
  await deps.connection.run(
    `UPDATE submissions SET is_current = false, superseded_by = $4 WHERE submission_id IN (${previous})`,
    keys,
  );
  await insertRoster(deps.connection, input, templateId, roundId, subjectCode);
  if (templateId !== 'other-schools') {
    const { teachers, classrooms, caregivers } = summary.facts;
    await deps.connection.run('INSERT INTO institution_facts VALUES ($1, $2, $3, $4, $5, $6)', [
      input.submissionId,
      roundId,
      subjectCode,
      teachers,
      classrooms,
      caregivers,
    ]);
  }
}

const ROSTER_SELECT = {
  pupils: `sheet, row_number, national_id, id_kind, prefix, first_name, last_name, sex, birth_date::DATE,
    grade, room, nationality, disability, disadvantage`,
  children: `sheet, row_number, national_id, id_kind, prefix, first_name, last_name, sex, birth_date::DATE,
    age_group, nationality, disability, disadvantage`,
  other_school_counts: 'sheet, row_number, school_code, school_name, affiliation, grade, sex, pupils',
} as const;

async function insertRoster(
  connection: DuckDBConnection,
  input: LoadInput,
  templateId: keyof typeof ROSTER_TABLE,
  roundId: string,
  subjectCode: string,
): Promise<void> {
  const table = ROSTER_TABLE[templateId];
  await connection.run(
    `INSERT INTO ${table} SELECT $1, $2, $3, ${ROSTER_SELECT[table]} FROM ${parquet(input.stagingDir, table)}`,
    [input.submissionId, roundId, subjectCode],
  );
}

async function finishSubmission(deps: LoadDeps, input: LoadInput, summary: StagingSummary, rejected: boolean): Promise<void> {
  const counts = await queryRows<{ errors: bigint; warnings: bigint }>(
    deps.connection,
    `SELECT count(*) FILTER (WHERE severity = 'error') AS errors, count(*) FILTER (WHERE severity = 'warning') AS warnings
     FROM issues WHERE submission_id = $1`,
    [input.submissionId],
  );
  const { total, accepted, rejected: rowsRejected } = summary.rows;
  await deps.db
    .updateTable('submissions')
    .set({
      status: rejected ? 'rejected' : summary.status,
      is_current: !rejected,
      round_id: summary.roundId,
      template_id: summary.templateId,
      template_version: summary.templateVersion,
      subject_code: summary.subjectCode,
      rows_total: total,
      rows_accepted: rejected ? 0 : accepted,
      rows_rejected: rejected ? total : rowsRejected,
      errors: Number(counts[0]?.errors ?? 0),
      warnings: Number(counts[0]?.warnings ?? 0),
      finished_at: input.now,
    })
    .where('submission_id', '=', BigInt(input.submissionId))
    .execute();
}
