import { sql, type Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import { SisError } from '../errors.ts';
import { DEDUP_OUTCOMES, type DedupOutcome } from './dedup-types.ts';

/** A roster row as a mark names it: where it was loaded from, never by national ID. */
export interface RecordRef {
  readonly institutionCode: string;
  readonly submissionId: number;
  readonly row: number;
}

export interface RecordMarkInput {
  readonly roundId: string;
  readonly record: RecordRef;
  /** 201–206 take the record out of the counts; 100 puts it back. */
  readonly outcome: DedupOutcome;
  /** Why: required, the province reads it when the institution disputes the mark. */
  readonly note: string;
  readonly decidedBy: string;
  readonly decidedAt: Date;
}

/** A kept mark, as the command and the API return it (no national ID: it travels through Redis). */
export interface RecordMark {
  readonly decisionId: number;
  readonly roundId: string;
  readonly institutionCode: string;
  readonly personKind: 'pupil' | 'child';
  readonly submissionId: number;
  readonly sheet: string;
  readonly row: number;
  readonly outcome: DedupOutcome;
  readonly note: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

/**
 * Marks one current roster row (a pupil or a child, in a duplicate cluster or not) with an outcome
 * code. Marks are kept, never replaced: the latest decision per (round, institution, ID), of a
 * mark or a cluster answer, is the one `counted_persons` follows. The ID is looked up here from
 * the row; the caller never carries it.
 */
export async function markRecord(db: Kysely<Warehouse>, input: RecordMarkInput): Promise<RecordMark> {
  if (!(input.outcome in DEDUP_OUTCOMES)) {
    throw new SisError('input/bad-argument', `unknown outcome ${String(input.outcome)}`);
  }
  const note = input.note.trim();
  if (note === '') throw new SisError('input/bad-argument', 'a mark needs a note saying why');
  const found = await findRosterRecord(db, input.roundId, input.record);
  if (!found) {
    throw new SisError(
      'input/bad-argument',
      `no current record of ${input.record.institutionCode} at submission ${input.record.submissionId} row ${input.record.row} in round ${input.roundId}`,
    );
  }
  const inserted = await db
    .insertInto('record_decisions')
    .values({
      decision_id: sql<bigint>`nextval('record_decision_id_seq')`,
      round_id: input.roundId,
      institution_code: input.record.institutionCode,
      national_id: found.national_id,
      person_kind: found.person_kind,
      submission_id: input.record.submissionId,
      sheet: found.sheet,
      row_number: input.record.row,
      outcome: input.outcome,
      note,
      decided_by: input.decidedBy,
      decided_at: input.decidedAt,
    })
    .returning('decision_id')
    .executeTakeFirstOrThrow();
  return {
    decisionId: Number(inserted.decision_id),
    roundId: input.roundId,
    institutionCode: input.record.institutionCode,
    personKind: found.person_kind,
    submissionId: input.record.submissionId,
    sheet: found.sheet,
    row: input.record.row,
    outcome: input.outcome,
    note,
    decidedBy: input.decidedBy,
    decidedAt: input.decidedAt.toISOString(),
  };
}

/** The current pupil or child row at (institution, submission, row) of a round, if any. */
async function findRosterRecord(db: Kysely<Warehouse>, roundId: string, ref: RecordRef) {
  const at = {
    round_id: roundId,
    institution_code: ref.institutionCode,
    submission_id: BigInt(ref.submissionId),
    row_number: ref.row,
  };
  const pupil = db
    .selectFrom('pupils')
    .select(['national_id', 'sheet', sql<'pupil' | 'child'>`'pupil'`.as('person_kind')])
    .where((eb) => eb.and(at));
  const child = db
    .selectFrom('children')
    .select(['national_id', 'sheet', sql<'pupil' | 'child'>`'child'`.as('person_kind')])
    .where((eb) => eb.and(at));
  return pupil.unionAll(child).limit(1).executeTakeFirst();
}
