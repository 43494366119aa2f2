import type { Kysely } from 'kysely';
import { appendAudit } from '../../pipeline/auth/account-repository.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { SisError } from '../../pipeline/errors.ts';
import type { Reference } from '../../pipeline/reference/reference.ts';
import { needsChasing, readInstitutionStatuses } from '../../pipeline/signoff/chase-list.ts';
import { putInOutbox, readLaoContacts, type OutboxStatus } from '../../pipeline/signoff/outbox-repository.ts';
import { buildReminders, type ReminderMessage, type ReminderRun } from './reminders.ts';

export interface RemindRequest {
  readonly roundId: string;
  readonly provinceCode: string;
  readonly asOf: Date;
  readonly by: string;
  readonly dryRun: boolean;
}

export type RemindStatus = OutboxStatus | 'dry-run';

export interface PreparedReminders {
  readonly run: ReminderRun;
  readonly messages: ReadonlyArray<ReminderMessage & { status: RemindStatus }>;
}

/**
 * A reminder run of one province: the LAOs with institutions still to chase as of the run, one
 * message each, written to the outbox (and audited) before anything is sent. A dry run writes
 * nothing. An LAO whose institutions have all been accepted since gets no message.
 */
export async function prepareReminders(
  db: Kysely<Warehouse>,
  reference: Reference,
  request: RemindRequest,
): Promise<PreparedReminders> {
  const province = reference.provinces.find((p) => p.code === request.provinceCode);
  if (!province) throw new SisError('input/bad-argument', `unknown province ${request.provinceCode}`);
  const round = await db
    .selectFrom('rounds')
    .select('closes_at')
    .where('round_id', '=', request.roundId)
    .executeTakeFirst();
  if (!round) throw new SisError('input/bad-argument', `no round ${request.roundId}`);
  const run: ReminderRun = {
    roundId: request.roundId,
    provinceName: province.name_th,
    closesAt: round.closes_at,
    asOf: request.asOf,
  };
  const chase = (await readInstitutionStatuses(db, request.roundId, request.provinceCode)).filter(
    needsChasing,
  );
  const messages = buildReminders(run, chase, await readLaoContacts(db, request.provinceCode));
  if (request.dryRun) return { run, messages: messages.map((m) => ({ ...m, status: 'dry-run' as const })) };
  const stored = await db.transaction().execute(async (trx) => {
    const meta = {
      roundId: request.roundId,
      provinceCode: request.provinceCode,
      by: request.by,
      at: request.asOf,
    };
    const result = await putInOutbox(trx, meta, messages);
    const added = messages.filter((m) => result.get(m.messageId)?.added);
    if (added.length > 0)
      await appendAudit(
        trx,
        added.map((m) => ({
          at: request.asOf,
          actor: request.by,
          action: 'remind',
          outcome: 'ok',
          target: `${request.roundId} ${m.laoCode}`,
          detail: `${m.messageId} ${m.to ?? 'no-contact'}: ${m.institutions.join(' ')}`,
        })),
      );
    return result;
  });
  return {
    run,
    messages: messages.map((m) => ({ ...m, status: stored.get(m.messageId)?.status ?? 'queued' })),
  };
}
