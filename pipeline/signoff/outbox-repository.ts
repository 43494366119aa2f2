import type { Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';

type Db = Kysely<Warehouse>;

export interface LaoContact {
  readonly laoCode: string;
  readonly laoName: string;
  readonly contactName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

/** One reminder: to one LAO, about its institutions that still need chasing. */
export interface ReminderMessage {
  readonly messageId: string;
  readonly laoCode: string;
  readonly laoName: string;
  readonly to: string | null;
  readonly phone: string | null;
  readonly contactName: string | null;
  readonly institutions: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type OutboxStatus = 'queued' | 'sent' | 'no-contact';

/** The LAOs of a province with their registry contact (any part may be missing). */
export async function readLaoContacts(db: Db, provinceCode: string): Promise<Map<string, LaoContact>> {
  const rows = await db
    .selectFrom('laos as l')
    .leftJoin('lao_contacts as c', 'c.lao_code', 'l.lao_code')
    .select(['l.lao_code', 'l.lao_name', 'c.contact_name', 'c.email', 'c.phone'])
    .where('l.province_code', '=', provinceCode)
    .execute();
  return new Map(
    rows.map((r) => [
      r.lao_code,
      {
        laoCode: r.lao_code,
        laoName: r.lao_name,
        contactName: r.contact_name,
        email: r.email,
        phone: r.phone,
      },
    ]),
  );
}

/**
 * Puts messages in the outbox before anything is sent; a message already there (same id: the
 * same LAO, day and institutions) is left as it is. Returns each message's stored status and
 * whether this call added it.
 */
export async function putInOutbox(
  db: Db,
  meta: { roundId: string; provinceCode: string; by: string; at: Date },
  messages: readonly ReminderMessage[],
): Promise<Map<string, { status: OutboxStatus; added: boolean }>> {
  const out = new Map<string, { status: OutboxStatus; added: boolean }>();
  if (messages.length === 0) return out;
  const existing = await db
    .selectFrom('reminder_outbox')
    .select(['message_id', 'status'])
    .where(
      'message_id',
      'in',
      messages.map((m) => m.messageId),
    )
    .execute();
  for (const e of existing) out.set(e.message_id, { status: e.status as OutboxStatus, added: false });
  const fresh = messages.filter((m) => !out.has(m.messageId));
  if (fresh.length > 0)
    await db
      .insertInto('reminder_outbox')
      .values(
        fresh.map((m) => ({
          message_id: m.messageId,
          round_id: meta.roundId,
          province_code: meta.provinceCode,
          lao_code: m.laoCode,
          recipient: m.to,
          institutions: JSON.stringify(m.institutions),
          subject: m.subject,
          body_text: m.text,
          body_html: m.html,
          status: m.to ? 'queued' : 'no-contact',
          created_at: meta.at,
          created_by: meta.by,
        })),
      )
      .execute();
  for (const m of fresh) out.set(m.messageId, { status: m.to ? 'queued' : 'no-contact', added: true });
  return out;
}

export async function readOutboxMessage(db: Db, messageId: string) {
  return db.selectFrom('reminder_outbox').selectAll().where('message_id', '=', messageId).executeTakeFirst();
}

export async function markOutboxSent(db: Db, messageId: string, at: Date): Promise<void> {
  await db
    .updateTable('reminder_outbox')
    .set({ status: 'sent', sent_at: at, error: null })
    .where('message_id', '=', messageId)
    .execute();
}

export async function readOutboxStatuses(db: Db, ids: readonly string[]): Promise<Map<string, OutboxStatus>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('reminder_outbox')
    .select(['message_id', 'status'])
    .where('message_id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.message_id, r.status as OutboxStatus]));
}

/**
 * When each LAO of a round was last reminded (sent, or put in the outbox for a letter or a call),
 * optionally of one province: for the completeness page's "last reminded" column.
 */
export async function readLastReminded(
  db: Db,
  roundId: string,
  provinceCode?: string,
): Promise<Map<string, Date>> {
  let query = db
    .selectFrom('reminder_outbox')
    .select((eb) => ['lao_code', eb.fn.max(eb.fn.coalesce('sent_at', 'created_at')).as('at')])
    .where('round_id', '=', roundId);
  if (provinceCode !== undefined) query = query.where('province_code', '=', provinceCode);
  const rows = await query.groupBy('lao_code').execute();
  return new Map(rows.map((r) => [r.lao_code, new Date(r.at as unknown as Date)]));
}
