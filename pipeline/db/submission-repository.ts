import { sql, type Kysely, type Selectable } from 'kysely';
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from './database.ts';
import type { Warehouse } from './schema.ts';
import { createKeyTable, createValuesTable } from './values-table.ts';

export type SubmissionStatus = 'queued' | 'accepted' | 'partial' | 'rejected';

export interface NewSubmission {
  readonly sha256: string;
  readonly fileName: string;
  readonly fileSize: number;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
  readonly asOf: Date;
  /** The options the upload was sent with, canonical; part of its identity with the bytes (default none). */
  readonly uploadOptions?: string;
}

export interface SubmissionRow {
  readonly submissionId: number;
  readonly sha256: string;
  readonly fileName: string;
  readonly status: SubmissionStatus;
  readonly isCurrent: boolean;
  readonly finished: boolean;
  readonly roundId: string | null;
  readonly templateId: string | null;
  readonly subjectCode: string | null;
  readonly asOf: Date;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
  readonly fileGroup: string | null;
  readonly uploadOptions: string;
}

/** New submission ids, in one statement. */
export async function allocateSubmissionIds(db: Kysely<Warehouse>, count: number): Promise<number[]> {
  if (count === 0) return [];
  const ids = await sql<{
    id: bigint;
  }>`SELECT nextval('submission_id_seq') AS id FROM range(${count})`.execute(db);
  return ids.rows.map((r) => Number(r.id));
}

/**
 * Records received files as `queued` under ids from {@link allocateSubmissionIds}: appended to a
 * side table, then one INSERT (thousands of files per batch cost no bound parameters).
 */
export async function createSubmissions(
  connection: DuckDBConnection,
  inputs: ReadonlyArray<NewSubmission & { submissionId: number; fileGroup: string }>,
): Promise<void> {
  if (inputs.length === 0) return;
  await createValuesTable(
    connection,
    'new_submissions',
    [
      ['submission_id', 'BIGINT'],
      ['file_group', 'VARCHAR'],
      ['sha256', 'VARCHAR'],
      ['file_name', 'VARCHAR'],
      ['file_size', 'BIGINT'],
      ['uploaded_by', 'VARCHAR'],
      ['uploaded_at', 'TIMESTAMPTZ'],
      ['as_of', 'TIMESTAMPTZ'],
      ['upload_options', 'VARCHAR'],
    ],
    inputs.map((i) => [
      i.submissionId,
      i.fileGroup,
      i.sha256,
      i.fileName,
      i.fileSize,
      i.uploadedBy,
      i.uploadedAt,
      i.asOf,
      i.uploadOptions ?? '',
    ]),
  );
  await connection.run(
    `INSERT INTO submissions (submission_id, file_group, sha256, file_name, file_size, uploaded_by, uploaded_at, as_of, upload_options, status)
     SELECT *, 'queued' FROM new_submissions`,
  );
  await connection.run('DROP TABLE new_submissions');
}

/** Points queued submissions at the group that now carries them (a restarted flow). */
export async function setFileGroup(db: Kysely<Warehouse>, submissionIds: readonly number[], group: string) {
  if (submissionIds.length === 0) return;
  await db
    .updateTable('submissions')
    .set({ file_group: group })
    .where('submission_id', 'in', submissionIds.map(BigInt))
    .execute();
}

const COLUMNS = [
  'submission_id',
  'sha256',
  'file_name',
  'status',
  'is_current',
  'finished_at',
  'round_id',
  'template_id',
  'subject_code',
  'as_of',
  'uploaded_by',
  'uploaded_at',
  'file_group',
  'upload_options',
] as const;

type RawRow = Pick<Selectable<Warehouse['submissions']>, (typeof COLUMNS)[number]>;

function toSubmission(row: RawRow): SubmissionRow {
  return {
    submissionId: Number(row.submission_id),
    sha256: row.sha256,
    fileName: row.file_name,
    status: row.status as SubmissionStatus,
    isCurrent: row.is_current,
    finished: row.finished_at !== null,
    roundId: row.round_id,
    templateId: row.template_id,
    subjectCode: row.subject_code,
    asOf: row.as_of,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
    fileGroup: row.file_group,
    uploadOptions: row.upload_options,
  };
}

export async function getSubmission(
  db: Kysely<Warehouse>,
  submissionId: number,
): Promise<SubmissionRow | undefined> {
  const row = await db
    .selectFrom('submissions')
    .select(COLUMNS)
    .where('submission_id', '=', BigInt(submissionId))
    .executeTakeFirst();
  return row ? toSubmission(row) : undefined;
}

/** Every submission of any of these files (by hash): what intake needs to spot re-sent bytes. */
export async function findByHashes(
  connection: DuckDBConnection,
  hashes: readonly string[],
): Promise<SubmissionRow[]> {
  if (hashes.length === 0) return [];
  await createKeyTable(connection, 'wanted_hashes', ['sha256', 'VARCHAR'], hashes);
  const rows = await queryRows<RawRow>(
    connection,
    `SELECT ${COLUMNS.map((c) => `s.${c}`).join(', ')} FROM submissions s SEMI JOIN wanted_hashes w ON s.sha256 = w.sha256`,
  );
  await connection.run('DROP TABLE wanted_hashes');
  return rows.map(toSubmission);
}
