import type { DuckDBConnection } from '@duckdb/node-api';
import { sql, type Kysely, type Selectable } from 'kysely';
import { textList, withDuckDB } from './kysely-duckdb.ts';
import type { Warehouse } from './schema.ts';
import { createValuesTable } from './values-table.ts';

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
  const ids = await db
    .selectFrom(sql<{ range: bigint }>`range(${count})`.as('r'))
    .select(sql<bigint>`nextval('submission_id_seq')`.as('id'))
    .execute();
  return ids.map((r) => Number(r.id));
}

/** The side table {@link createSubmissions} appends to, as Kysely sees it. */
type NewSubmissionsTable = {
  new_submissions: Omit<
    Warehouse['submissions'],
    | 'status'
    | 'is_current'
    | 'rows_total'
    | 'rows_accepted'
    | 'rows_rejected'
    | 'errors'
    | 'warnings'
    | 'round_id'
    | 'template_id'
    | 'template_version'
    | 'subject_code'
    | 'superseded_by'
    | 'finished_at'
  >;
};

/**
 * Records received files as `queued` under ids from {@link allocateSubmissionIds}: appended to a
 * side table, then one INSERT (thousands of files per batch cost no bound parameters).
 */
export async function createSubmissions(
  db: Kysely<Warehouse>,
  inputs: ReadonlyArray<NewSubmission & { submissionId: number; fileGroup: string }>,
): Promise<void> {
  if (inputs.length === 0) return;
  await db.connection().execute(async (held) => {
    await withDuckDB(held, (connection) => appendNewSubmissions(connection, inputs));
    const side = held.withTables<NewSubmissionsTable>();
    await side
      .insertInto('submissions')
      .columns([
        'submission_id',
        'file_group',
        'sha256',
        'file_name',
        'file_size',
        'uploaded_by',
        'uploaded_at',
        'as_of',
        'upload_options',
        'status',
      ])
      .expression((eb) =>
        eb
          .selectFrom('new_submissions')
          .select([
            'submission_id',
            'file_group',
            'sha256',
            'file_name',
            'file_size',
            'uploaded_by',
            'uploaded_at',
            'as_of',
            'upload_options',
          ])
          .select(sql.lit('queued').as('status')),
      )
      .execute();
    await side.schema.dropTable('new_submissions').execute();
  });
}

function appendNewSubmissions(
  connection: DuckDBConnection,
  inputs: ReadonlyArray<NewSubmission & { submissionId: number; fileGroup: string }>,
): Promise<void> {
  return createValuesTable(
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
    uploadOptions: row.upload_options ?? '',
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
  db: Kysely<Warehouse>,
  hashes: readonly string[],
): Promise<SubmissionRow[]> {
  if (hashes.length === 0) return [];
  const rows = await db
    .selectFrom('submissions')
    .select(COLUMNS)
    .where('sha256', 'in', textList([...new Set(hashes)]))
    .execute();
  return rows.map(toSubmission);
}

/** Submissions still `queued` (recorded, not yet loaded), oldest first: what a lost queue must carry again. */
export async function queuedSubmissions(db: Kysely<Warehouse>): Promise<SubmissionRow[]> {
  const rows = await db
    .selectFrom('submissions')
    .select(COLUMNS)
    .where('status', '=', 'queued')
    .orderBy('submission_id')
    .execute();
  return rows.map(toSubmission);
}
