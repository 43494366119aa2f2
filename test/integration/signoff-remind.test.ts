import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../pipeline/auth/account-repository.ts';
import { replaceRegistry } from '../../pipeline/db/registry-repository.ts';
import { readLastReminded } from '../../pipeline/signoff/outbox-repository.ts';
import type { RemindResult } from '../../workers/processors/signoff.ts';
import { runSignoffJob } from '../../bin/signoff-job.ts';
import { IN_WINDOW } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';
import { SIGNOFF_REGISTRY, rosterOf } from '../support/signoff-fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const ROUND = '2562-2';
const DAY_1 = '2019-11-08T02:00:00.000Z';
const DAY_2 = '2019-11-12T02:00:00.000Z';

describe('reminders to LAOs with missing institutions', { timeout: 240_000 }, () => {
  let h: Harness;
  let smtp: SmtpSink;
  const remind = async (province: string, at: string, dryRun = false) =>
    (await runSignoffJob(h.loader.queues, {
      op: 'remind',
      roundId: ROUND,
      provinceCode: province,
      by: 'office42',
      at,
      dryRun,
    })) as RemindResult;
  const ingest = async (code: string) =>
    (
      await h.ingest(await rosterOf(code, 1), `${code}.xlsx`, {
        asOf: IN_WINDOW,
        options: { roundId: ROUND },
      })
    ).status;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    h = await startHarness({
      env: { SIS_SMTP_URL: smtp.url, SIS_MAIL_FROM: 'สถ.จ. <office@example.go.th>' },
    });
    await h.loader.exclusive((db) =>
      replaceRegistry(
        db,
        {
          ...SIGNOFF_REGISTRY,
          contacts: [
            {
              lao_code: '4200101',
              contact_name: 'นางสาวใจดี',
              email: 'naadee@example.go.th',
              phone: '042000001',
            },
            { lao_code: '4200102', contact_name: 'นายโทร', email: null, phone: '042000002' },
            { lao_code: '8100101', contact_name: null, email: 'aoluek@example.go.th', phone: null },
          ],
        },
        'test',
        new Date('2019-10-01T00:00:00Z'),
      ),
    );
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('when an office reminds during the window then each LAO with missing institutions gets one message, never twice, and one that submits stops receiving them', async () => {
    expect(await ingest('3042000001')).toBe('accepted');

    const first = await remind('42', DAY_1);
    expect(first.messages).toEqual([
      { laoCode: '4200101', to: 'naadee@example.go.th', institutions: ['3042000002'], status: 'sent' },
      { laoCode: '4200102', to: null, institutions: ['3042000003'], status: 'no-contact' },
    ]);
    expect(smtp.received.map((m) => m.to)).toEqual([['naadee@example.go.th']]);
    const mail = smtp.received[0]!.decoded;
    expect(mail).toContain('3042000002 โรงเรียนโนนสูง');
    expect(mail).toContain('2019-11-16 00:00'); // the close, in Bangkok time
    expect(mail).not.toContain('3042000001');
    // The LAO without e-mail is in the printable letters and the phone list, the e-mailed one is not.
    expect(first.letters).toContain('ทต.ภูหลวง');
    expect(first.letters).not.toContain('อบต.นาดี');
    expect(first.phoneCsv).toContain('"4200102","ทต.ภูหลวง","นายโทร","042000002"');

    // The same run again the same day: the outbox already holds these messages; nothing is resent.
    const again = await remind('42', DAY_1);
    expect(again.messages.map((m) => m.status)).toEqual(['sent', 'no-contact']);
    expect(smtp.received).toHaveLength(1);

    // The dry run lists, sends and records nothing.
    expect((await remind('81', DAY_1, true)).messages).toEqual([
      { laoCode: '8100101', to: 'aoluek@example.go.th', institutions: ['3081000001'], status: 'dry-run' },
    ]);
    expect(smtp.received).toHaveLength(1);
    expect([...(await readLastReminded(h.loader.db, ROUND)).keys()].sort()).toEqual(['4200101', '4200102']);

    // นาดี sends its last school: the next run reminds only ภูหลวง.
    expect(await ingest('3042000002')).toBe('accepted');
    const later = await remind('42', DAY_2);
    expect(later.messages).toEqual([
      { laoCode: '4200102', to: null, institutions: ['3042000003'], status: 'no-contact' },
    ]);
    expect(smtp.received).toHaveLength(1);

    const audit = await listAudit(h.loader.db, {});
    expect(
      audit
        .filter((a) => a.action === 'remind')
        .map((a) => a.target)
        .sort(),
    ).toEqual([`${ROUND} 4200101`, `${ROUND} 4200102`, `${ROUND} 4200102`]);
    expect(audit.filter((a) => a.action === 'remind-sent').map((a) => a.target)).toEqual([
      `${ROUND} 4200101`,
    ]);
  });
});
