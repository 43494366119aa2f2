import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import type { InstitutionToChase } from '../../pipeline/signoff/chase-list.ts';
import type { LaoContact, ReminderMessage } from '../../pipeline/signoff/outbox-repository.ts';

export type { LaoContact, ReminderMessage };
import { LETTERS_PAGE, REMINDER_HTML, REMINDER_SUBJECT, REMINDER_TEXT } from './reminder-templates.ts';

export interface ReminderRun {
  readonly roundId: string;
  readonly provinceName: string;
  readonly closesAt: Date;
  /** The clock of the run: messages of one LAO on one Bangkok day share an id (sent once). */
  readonly asOf: Date;
}

const STATUS_TH: Record<string, string> = {
  'not-submitted': 'ยังไม่ส่งไฟล์',
  rejected: 'ไฟล์ถูกปฏิเสธ ต้องส่งใหม่',
  partial: 'รับไว้บางส่วน ควรแก้ไขแล้วส่งใหม่',
};

const hb = Handlebars.create();
const subject = hb.compile(REMINDER_SUBJECT, { noEscape: true, strict: true });
const text = hb.compile(REMINDER_TEXT, { noEscape: true, strict: true });
const html = hb.compile(REMINDER_HTML, { strict: true });
const page = hb.compile(LETTERS_PAGE, { strict: true });

/** `YYYY-MM-DD HH:MM` in Asia/Bangkok (UTC+7, no daylight saving). */
export function bangkokText(at: Date): string {
  return new Date(at.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The messages of a run: one per LAO with institutions to chase (rows already filtered), in LAO
 * order. The id folds the round, the LAO, the Bangkok day of the run and the institutions listed,
 * so a run repeated the same day (or a worker retried) finds its messages already in the outbox.
 */
export function buildReminders(
  run: ReminderRun,
  chase: readonly InstitutionToChase[],
  contacts: ReadonlyMap<string, LaoContact>,
): ReminderMessage[] {
  const byLao = new Map<string, InstitutionToChase[]>();
  for (const row of chase) byLao.set(row.laoCode, [...(byLao.get(row.laoCode) ?? []), row]);
  const day = bangkokText(run.asOf).slice(0, 10);
  return [...byLao.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([laoCode, rows]) => {
      const contact = contacts.get(laoCode);
      const codes = rows.map((r) => r.institutionCode);
      const messageId = createHash('sha256')
        .update([run.roundId, laoCode, day, ...codes].join('|'))
        .digest('hex')
        .slice(0, 32);
      const model = {
        messageId,
        round: run.roundId,
        provinceName: run.provinceName,
        laoCode,
        laoName: contact?.laoName ?? laoCode,
        contactName: contact?.contactName ?? `นายก${contact?.laoName ?? ''}`,
        closesBangkok: bangkokText(run.closesAt),
        institutions: rows.map((r) => ({
          code: r.institutionCode,
          name: r.institutionName,
          statusTh: STATUS_TH[r.status] ?? r.status,
        })),
      };
      return {
        messageId,
        laoCode,
        laoName: model.laoName,
        to: contact?.email ?? null,
        phone: contact?.phone ?? null,
        contactName: contact?.contactName ?? null,
        institutions: codes,
        subject: subject(model),
        text: text(model),
        html: html(model),
      };
    });
}

/** Every message as a printable A4 page, one letter per LAO (for offices without e-mail). */
export function lettersPage(run: ReminderRun, messages: readonly ReminderMessage[]): string {
  return page({
    round: run.roundId,
    provinceName: run.provinceName,
    letters: messages.map((m) => new Handlebars.SafeString(m.html)),
  });
}

/** A CSV to phone through: LAO, contact, telephone, e-mail, institutions. */
export function phoneListCsv(messages: readonly ReminderMessage[]): string {
  const cell = (v: string | null) => `"${(v ?? '').replaceAll('"', '""')}"`;
  const lines = [['lao_code', 'lao_name', 'contact_name', 'phone', 'email', 'institutions'].join(',')];
  for (const m of messages)
    lines.push(
      [m.laoCode, m.laoName, m.contactName, m.phone, m.to, m.institutions.join(' ')].map(cell).join(','),
    );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
