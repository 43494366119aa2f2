import type { Kysely, Selectable } from 'kysely';
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
}

/** Records a received file as `queued` and returns its new id. */
export async function createSubmission(db: Kysely<Warehouse>, input: NewSubmission): Promise<number> {
  const row = await db
    .insertInto('submissions')
    .values((eb) => ({
      submission_id: eb.fn<bigint>('nextval', [eb.val('submission_id_seq')]) as never,
      sha256: input.sha256,
      file_name: input.fileName,
      file_size: input.fileSize,
      uploaded_by: input.uploadedBy,
      uploaded_at: input.uploadedAt,
      as_of: input.asOf,
      status: 'queued',
    }))
    .returning('submission_id')
    .executeTakeFirstOrThrow();
  return Number(row.submission_id);
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
  };
}

export async function getSubmission(db: Kysely<Warehouse>, submissionId: number): Promise<SubmissionRow | undefined> {
  const row = await db.selectFrom('submissions').select(COLUMNS).where('submission_id', '=', BigInt(submissionId)).executeTakeFirst();
  return row ? toSubmission(row) : undefined;
}

/**
 * The submission that makes a re-sent file a no-op: the same bytes, either counted now
 * (current and accepted or partial) or still being processed.
 */
export async function findSameFile(db: Kysely<Warehouse>, sha256: string): Promise<SubmissionRow | undefined> {
  const row = await db
    .selectFrom('submissions')
    .select(COLUMNS)
    .where('sha256', '=', sha256)
    .where((eb) => eb.or([eb('is_current', '=', true), eb('status', '=', 'queued')]))
    .orderBy('submission_id', 'desc')
    .executeTakeFirst();
  return row ? toSubmission(row) : undefined;
}

/** The submission a retried register job already created for the same upload, if any. */
export async function findUpload(db: Kysely<Warehouse>, sha256: string, uploadedAt: Date): Promise<SubmissionRow | undefined> {
  const row = await db
    .selectFrom('submissions')
    .select(COLUMNS)
    .where('sha256', '=', sha256)
    .where('uploaded_at', '=', uploadedAt)
    .executeTakeFirst();
  return row ? toSubmission(row) : undefined;
}
