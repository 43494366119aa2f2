import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import type { DedupOutcome } from '../../pipeline/dedup/dedup-types.ts';
import { markRecord, type RecordMark } from '../../pipeline/dedup/record-decisions.ts';

/**
 * A mark on any counted record, as a `record-mark` job carries it: the record is named by
 * institution, submission and row — never by national ID, which must not travel through Redis.
 */
export const recordMarkPayloadSchema = z.object({
  roundId: z.string().regex(/^\d{4}-[12]$/u),
  record: z.object({
    institutionCode: z.string().regex(/^[0-9A-Za-z-]{1,20}$/u),
    submissionId: z.number().int().positive(),
    row: z.number().int().positive(),
  }),
  outcome: z.union([
    z.literal(100),
    z.literal(201),
    z.literal(202),
    z.literal(203),
    z.literal(204),
    z.literal(205),
    z.literal(206),
  ]),
  note: z.string().trim().min(1).max(500),
  decidedBy: z.string().min(1).max(120),
  decidedAt: z.iso.datetime(),
});

export type RecordMarkPayload = z.infer<typeof recordMarkPayloadSchema>;

/** Records a mark (201–206 out of the counts, 100 back in) in the loader's lane. */
export function markRecordJob(db: Kysely<Warehouse>, payload: RecordMarkPayload): Promise<RecordMark> {
  return markRecord(db, {
    roundId: payload.roundId,
    record: payload.record,
    outcome: payload.outcome as DedupOutcome,
    note: payload.note,
    decidedBy: payload.decidedBy,
    decidedAt: new Date(payload.decidedAt),
  });
}
