import { sql, type Kysely } from 'kysely';
import type { RosterPerson } from '../ingest/roster-diff.ts';
import type { Warehouse } from './schema.ts';

/** The submission an institution's roster of a round is counted from now, if any. */
export interface CountedSubmission {
  readonly submissionId: number;
  readonly fileName: string;
  readonly uploadedAt: Date;
}

/** The current accepted (or partly accepted) submission of a subject in a round. */
export async function countedSubmission(
  db: Kysely<Warehouse>,
  subjectCode: string,
  roundId: string,
): Promise<CountedSubmission | undefined> {
  const row = await db
    .selectFrom('submissions')
    .select(['submission_id', 'file_name', 'uploaded_at'])
    .where('subject_code', '=', subjectCode)
    .where('round_id', '=', roundId)
    .where('is_current', '=', true)
    .where('status', 'in', ['accepted', 'partial'])
    .orderBy('submission_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? { submissionId: Number(row.submission_id), fileName: row.file_name, uploadedAt: row.uploaded_at }
    : undefined;
}

/** The pupils and children one submission counts, as the roster diff compares them. */
export async function rosterOf(db: Kysely<Warehouse>, submissionId: number): Promise<RosterPerson[]> {
  const pupils = db
    .selectFrom('pupils')
    .where('submission_id', '=', BigInt(submissionId))
    .select([
      'national_id as nationalId',
      'prefix',
      'first_name as firstName',
      'last_name as lastName',
      'sex',
      sql<string>`strftime(birth_date, '%Y-%m-%d')`.as('birthDate'),
      'grade as level',
    ]);
  const children = db
    .selectFrom('children')
    .where('submission_id', '=', BigInt(submissionId))
    .select([
      'national_id as nationalId',
      'prefix',
      'first_name as firstName',
      'last_name as lastName',
      'sex',
      sql<string>`strftime(birth_date, '%Y-%m-%d')`.as('birthDate'),
      sql<string>`age_group::VARCHAR`.as('level'),
    ]);
  return pupils.unionAll(children).execute();
}
