import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit, type AuditEntry } from '../../pipeline/auth/account-repository.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { SisError } from '../../pipeline/errors.ts';
import { readWindowListing } from '../../pipeline/reference/window-repository.ts';

export type { WindowException, WindowListing } from '../../pipeline/reference/window-repository.ts';

const roundId = z.string().regex(/^\d{4}-\d$/u, 'a round id such as 2569-2');
const laoCode = z.string().regex(/^\d{4,12}$/u, 'an LAO code (digits)');
/** Instants carry their offset (`Z` or `+07:00`); one without is refused, never guessed. */
const instant = z.iso.datetime({ offset: true });
const actor = { by: z.string().min(1).max(120), at: z.iso.datetime() };

/** Changes of a round's window and its late-upload exceptions, as loader jobs (the sole writer). */
export const windowPayloadSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('window-set'),
      roundId,
      opensAt: instant.optional(),
      closesAt: instant.optional(),
      ...actor,
    })
    .refine((p) => p.opensAt !== undefined || p.closesAt !== undefined, {
      message: 'give --opens-at, --closes-at or both',
    }),
  z.object({
    op: z.literal('window-grant'),
    roundId,
    laoCode,
    until: instant,
    reason: z.string().trim().min(1).max(500),
    ...actor,
  }),
  z.object({ op: z.literal('window-revoke'), roundId, laoCode, ...actor }),
  z.object({ op: z.literal('window-list'), roundId }),
]);

export type WindowPayload = z.infer<typeof windowPayloadSchema>;

type Db = Kysely<Warehouse>;

/** Applies one window change and its audit line in one transaction (or lists a round's window). */
export async function applyWindowChange(db: Db, payload: WindowPayload): Promise<unknown> {
  if (payload.op === 'window-list') return readWindowListing(db, payload.roundId);
  await db.transaction().execute(async (trx) => {
    const round = await findRound(trx, payload.roundId);
    const audit = (target: string, detail: string): AuditEntry => ({
      at: new Date(payload.at),
      actor: payload.by,
      action: payload.op,
      outcome: 'ok',
      target,
      detail,
    });
    switch (payload.op) {
      case 'window-set': {
        const opensAt = payload.opensAt ? new Date(payload.opensAt) : round.opensAt;
        const closesAt = payload.closesAt ? new Date(payload.closesAt) : round.closesAt;
        if (opensAt.getTime() >= closesAt.getTime())
          throw new SisError(
            'input/bad-argument',
            `the window must open before it closes (${opensAt.toISOString()} → ${closesAt.toISOString()})`,
          );
        await trx
          .updateTable('rounds')
          .set({ opens_at: opensAt, closes_at: closesAt })
          .where('round_id', '=', payload.roundId)
          .execute();
        await appendAudit(trx, [
          audit(payload.roundId, `${span(round.opensAt, round.closesAt)} → ${span(opensAt, closesAt)}`),
        ]);
        return;
      }
      case 'window-grant': {
        const lao = await trx
          .selectFrom('laos')
          .select('lao_code')
          .where('lao_code', '=', payload.laoCode)
          .executeTakeFirst();
        if (!lao) throw new SisError('input/bad-argument', `no LAO ${payload.laoCode} in the registry`);
        const old = await findException(trx, payload.roundId, payload.laoCode);
        const until = new Date(payload.until);
        const row = {
          until,
          granted_by: payload.by,
          granted_at: new Date(payload.at),
          reason: payload.reason,
        };
        await trx
          .insertInto('window_exceptions')
          .values({ round_id: payload.roundId, lao_code: payload.laoCode, ...row })
          .onConflict((oc) => oc.columns(['round_id', 'lao_code']).doUpdateSet(row))
          .execute();
        await appendAudit(trx, [
          audit(
            `${payload.roundId} ${payload.laoCode}`,
            `until ${old ? old.until.toISOString() : 'none'} → ${until.toISOString()}; ${payload.reason}`,
          ),
        ]);
        return;
      }
      case 'window-revoke': {
        const old = await findException(trx, payload.roundId, payload.laoCode);
        if (!old)
          throw new SisError(
            'input/bad-argument',
            `no exception for LAO ${payload.laoCode} in round ${payload.roundId}`,
          );
        await trx
          .deleteFrom('window_exceptions')
          .where('round_id', '=', payload.roundId)
          .where('lao_code', '=', payload.laoCode)
          .execute();
        await appendAudit(trx, [
          audit(`${payload.roundId} ${payload.laoCode}`, `until ${old.until.toISOString()} → none`),
        ]);
        return;
      }
    }
  });
  return { ok: true };
}

/** A round's opening and closing instants; an unknown round is a bad argument. */
async function findRound(db: Db, id: string): Promise<{ opensAt: Date; closesAt: Date }> {
  const listing = await readWindowListing(db, id);
  return { opensAt: new Date(listing.opensAt), closesAt: new Date(listing.closesAt) };
}

function findException(db: Db, round: string, lao: string) {
  return db
    .selectFrom('window_exceptions')
    .select('until')
    .where('round_id', '=', round)
    .where('lao_code', '=', lao)
    .executeTakeFirst();
}

function span(opensAt: Date, closesAt: Date): string {
  return `${opensAt.toISOString()}..${closesAt.toISOString()}`;
}
