import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { markNotSame, recordDecision } from '../../pipeline/dedup/dedup-repository.ts';
import type { DedupOutcome, MemberKey } from '../../pipeline/dedup/dedup-types.ts';
import { SisError } from '../../pipeline/errors.ts';

/**
 * A flagged record as a job names it: by cluster, institution and where it was loaded from —
 * never by national ID, which must not travel through Redis in clear text.
 */
const memberRef = z.object({
  clusterId: z.string().min(1).max(64),
  institutionCode: z.string().regex(/^[0-9A-Za-z-]{1,20}$/u),
  submissionId: z.number().int().positive(),
  row: z.number().int().positive(),
});

export const decisionPayloadSchema = z.object({
  roundId: z.string().regex(/^\d{4}-[12]$/u),
  member: memberRef,
  outcome: z.union([
    z.literal(100),
    z.literal(201),
    z.literal(202),
    z.literal(203),
    z.literal(204),
    z.literal(205),
    z.literal(206),
  ]),
  note: z.string().max(500).optional(),
  decidedBy: z.string().min(1).max(120),
  decidedAt: z.iso.datetime(),
});

export const notSamePayloadSchema = z.object({
  roundId: z.string().regex(/^\d{4}-[12]$/u),
  a: memberRef,
  b: memberRef,
  note: z.string().max(500).optional(),
  markedBy: z.string().min(1).max(120),
  markedAt: z.iso.datetime(),
});

export type MemberRef = z.infer<typeof memberRef>;

async function resolveMember(db: Kysely<Warehouse>, roundId: string, ref: MemberRef): Promise<MemberKey> {
  const row = await db
    .selectFrom('dedup_members')
    .select('national_id')
    .where('round_id', '=', roundId)
    .where('cluster_id', '=', ref.clusterId)
    .where('institution_code', '=', ref.institutionCode)
    .where('submission_id', '=', BigInt(ref.submissionId))
    .where('row_number', '=', ref.row)
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    throw new SisError(
      'input/bad-argument',
      `no record of ${ref.institutionCode} (row ${ref.row}) in cluster ${ref.clusterId}`,
    );
  }
  return { institutionCode: ref.institutionCode, nationalId: row.national_id };
}

/** Records an institution's answer (100 attends here, 201–206 not here) for one flagged record. */
export async function decideMember(
  db: Kysely<Warehouse>,
  payload: z.infer<typeof decisionPayloadSchema>,
): Promise<{ decisionId: number }> {
  const key = await resolveMember(db, payload.roundId, payload.member);
  const decisionId = await recordDecision(db, {
    ...key,
    roundId: payload.roundId,
    clusterId: payload.member.clusterId,
    outcome: payload.outcome as DedupOutcome,
    note: payload.note ?? null,
    decidedBy: payload.decidedBy,
    decidedAt: new Date(payload.decidedAt),
  });
  return { decisionId };
}

/** Marks two flagged records as different children: the pair is never raised again. */
export async function markMembersNotSame(
  db: Kysely<Warehouse>,
  payload: z.infer<typeof notSamePayloadSchema>,
): Promise<{ marked: true }> {
  const a = await resolveMember(db, payload.roundId, payload.a);
  const b = await resolveMember(db, payload.roundId, payload.b);
  await markNotSame(db, {
    roundId: payload.roundId,
    a,
    b,
    note: payload.note ?? null,
    markedBy: payload.markedBy,
    markedAt: new Date(payload.markedAt),
  });
  return { marked: true };
}
