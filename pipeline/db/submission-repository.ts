import { sql, type Kysely, type Selectable } from 'kysely';
import type { Warehouse } from './schema.ts';

export type SubmissionStatus = 'queued' | 'accepted' | 'partial' | 'rejected';

export interface NewSubmission {
  readonly sha256: string;
  readonly fileName: string;
  readonly fileSize: number;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
  readonly asOf: Date;
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
  readonly loadJob: string | null;
}

/** New submission ids, in one statement. */
export async function allocateSubmissionIds(db: Kysely<Warehouse>, count: number): Promise<number[]> {
  if (count === 0) return [];
  const ids = await sql<{
    id: bigint;
  }>`SELECT nextval('submission_id_seq') AS id FROM range(${count})`.execute(db);
  return ids.rows.map((r) => Number(r.id));
}

/** Records received files as `queued` under ids from {@link allocateSubmissionIds} (one statement). */
export async function createSubmissions(
  db: Kysely<Warehouse>,
  inputs: ReadonlyArray<NewSubmission & { submissionId: number; loadJob: string }>,
): Promise<void> {
  if (inputs.length === 0) return;
  const values = inputs.map((input) => ({
    submission_id: BigInt(input.submissionId),
    load_job: input.loadJob,
    sha256: input.sha256,
    file_name: input.fileName,
    file_size: input.fileSize,
    uploaded_by: input.uploadedBy,
    uploaded_at: input.uploadedAt,
    as_of: input.asOf,
    status: 'queued',
  }));
  await db
    .insertInto('submissions')
    .values(values as never)
    .execute();
}

/** Points queued submissions at the load job that now carries them (a restarted flow). */
export async function setLoadJob(db: Kysely<Warehouse>, submissionIds: readonly number[], loadJob: string) {
  if (submissionIds.length === 0) return;
  await db
    .updateTable('submissions')
    .set({ load_job: loadJob })
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
  'load_job',
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
    loadJob: row.load_job,
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
    .where('sha256', 'in', [...new Set(hashes)])
    .execute();
  return rows.map(toSubmission);
}
