import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import type { Reference } from '../../pipeline/reference/reference.ts';
import { certifyProvince, markSent, reopenCertification } from '../../pipeline/signoff/certify.ts';
import { readNationalTotals } from '../../pipeline/signoff/national-totals.ts';
import { readOutboxStatuses } from '../../pipeline/signoff/outbox-repository.ts';
import { readProvinceStatuses } from '../../pipeline/signoff/province-status.ts';
import { prepareReminders } from '../reminders/remind.ts';
import { lettersPage, phoneListCsv } from '../reminders/reminders.ts';
import type { Mailer } from '../mail.ts';

const roundId = z.string().regex(/^\d{4}-[12]$/u, 'a round id such as 2562-2');
const provinceCode = z.string().regex(/^\d{2}$/u, 'a 2-digit province code');
const act = { roundId, provinceCode, by: z.string().min(1).max(120), at: z.iso.datetime() };

/** The province's sign-off of a round, as loader jobs (`signoff`): the loader is the sole writer. */
export const signoffPayloadSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('certify'), ...act }),
  z.object({ op: z.literal('sent'), ...act }),
  z.object({ op: z.literal('reopen'), ...act, reason: z.string().trim().min(1).max(500) }),
  /** Reminders to the LAOs of a province with institutions still to chase (`at` is the run's clock). */
  z.object({ op: z.literal('remind'), ...act, dryRun: z.boolean() }),
  /** Every province's status (marking stale certifications on the way) and the national totals. */
  z.object({ op: z.literal('status'), roundId, at: z.iso.datetime() }),
]);

export type SignoffPayload = z.infer<typeof signoffPayloadSchema>;

export interface SignoffDeps {
  readonly db: Kysely<Warehouse>;
  readonly reference: Reference;
}

export async function applySignoff(deps: SignoffDeps, payload: SignoffPayload): Promise<unknown> {
  const { db, reference } = deps;
  const at = new Date(payload.at);
  switch (payload.op) {
    case 'certify':
      return certifyProvince(db, reference, { ...payload, at });
    case 'sent':
      return markSent(db, { ...payload, at });
    case 'reopen':
      return reopenCertification(db, { ...payload, at });
    case 'remind':
      throw new Error('remind runs through runReminders');
    case 'status': {
      const status = await readProvinceStatuses(db, reference, payload.roundId, at);
      return { status, totals: await readNationalTotals(db, status) };
    }
  }
}

export interface RemindDeps extends SignoffDeps {
  /** Runs database work in the loader's lane. */
  readonly lane: <T>(work: () => Promise<T>) => Promise<T>;
  /** Present when SMTP is configured. */
  readonly mailer?: Mailer;
}

/** What `sis remind --json` prints, plus each message's letter for printing. */
export interface RemindResult {
  readonly round: string;
  readonly province: string;
  readonly messages: ReadonlyArray<{
    laoCode: string;
    to: string | null;
    institutions: string[];
    status: 'sent' | 'queued' | 'no-contact' | 'dry-run';
  }>;
  /** The letters (A4 HTML) and the phone list (CSV) of the messages not sent by e-mail. */
  readonly letters: string;
  readonly phoneCsv: string;
  readonly unsent: number;
}

/**
 * A reminder run: the outbox is written in the loader's lane, then (with SMTP) one mail job per
 * queued message, waited for outside the lane, and the outbox read again for what was sent.
 */
export async function runReminders(
  deps: RemindDeps,
  payload: Extract<SignoffPayload, { op: 'remind' }>,
): Promise<RemindResult> {
  const prepared = await deps.lane(() =>
    prepareReminders(deps.db, deps.reference, { ...payload, asOf: new Date(payload.at) }),
  );
  const queued = prepared.messages.filter((m) => m.status === 'queued').map((m) => m.messageId);
  if (deps.mailer && queued.length > 0) await deps.mailer.sendAll(queued, 60_000);
  const now = payload.dryRun ? new Map() : await deps.lane(() => readOutboxStatuses(deps.db, queued));
  const messages = prepared.messages.map((m) => ({ ...m, status: now.get(m.messageId) ?? m.status }));
  const unsent = messages.filter((m) => m.status !== 'sent');
  return {
    round: payload.roundId,
    province: payload.provinceCode,
    messages: messages.map((m) => ({
      laoCode: m.laoCode,
      to: m.to,
      institutions: m.institutions,
      status: m.status,
    })),
    letters: lettersPage(prepared.run, unsent),
    phoneCsv: phoneListCsv(unsent),
    unsent: unsent.length,
  };
}
