import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { replaceRegistry } from '../../pipeline/db/registry-repository.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';
import { SIGNOFF_REGISTRY, rosterOf } from '../support/signoff-fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const ROUND = '2562-2';
const DAY_MS = 86_400_000;
/** Real time between moving the close and the reminder run it brings along. */
const LEAD_MS = 3_000;

describe('reminders on a schedule', { timeout: 120_000 }, () => {
  let h: Harness;
  let smtp: SmtpSink;
  // The loader's clock runs at real speed from 5 Nov 2019, ten days before round 2562-2 closes.
  const shift = Date.parse('2019-11-05T03:00:00Z') - Date.now();
  const clock = () => new Date(Date.now() + shift);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    h = await startHarness({
      env: { SIS_SMTP_URL: smtp.url, SIS_REMIND_DAYS: '1,3' },
      now: clock,
    });
    await h.loader.exclusive((db) =>
      replaceRegistry(
        db,
        {
          ...SIGNOFF_REGISTRY,
          contacts: [
            { lao_code: '4200101', contact_name: 'นางสาวใจดี', email: 'naadee@example.go.th', phone: null },
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

  it('when a configured day before the close comes then every province is reminded by itself, and an LAO that sent everything is not', async () => {
    // The schedule was made at start: a run 3 days and one 1 day before the close.
    const reminders = async () =>
      (await h.loader.queues.load.getJobs(['delayed'])).filter((j) => j.name === 'remind').map((j) => j.id);
    expect((await reminders()).sort()).toEqual([`remind-${ROUND}-1d`, `remind-${ROUND}-3d`]);

    // นาดี (4200101) sends both its schools before the run.
    for (const code of ['3042000001', '3042000002']) {
      const report = await h.ingest(await rosterOf(code, 1), `${code}.xlsx`, {
        asOf: clock(),
        options: { roundId: ROUND },
      });
      expect(report.status).toBe('accepted');
    }

    // An admin moves the close to one day (and a moment) from now: the day-1 run comes at once,
    // the day-3 one is past and gone.
    const closesAt = new Date(clock().getTime() + DAY_MS + LEAD_MS).toISOString();
    const moved = await h.loader.queues.load.add('window', {
      op: 'window-set',
      roundId: ROUND,
      closesAt,
      by: 'admin',
      at: clock().toISOString(),
    });
    await moved.waitUntilFinished(h.loader.queues.loadEvents, 30_000);
    expect(smtp.received).toHaveLength(0);
    await until(async () => smtp.received.length >= 1 && (await lettersWritten(h)).length >= 1);
    expect(await reminders()).toEqual([]);
    // Only อ่าวลึก (81) is e-mailed; ภูหลวง (4200102) has no e-mail: its letter is written instead.
    expect(smtp.received.map((m) => m.to)).toEqual([['aoluek@example.go.th']]);
    expect(smtp.received[0]!.decoded).toContain('3081000001');
    const letters = await lettersWritten(h);
    expect(letters).toEqual([`${ROUND}-42-1d-before-close.csv`, `${ROUND}-42-1d-before-close.html`]);
    const phone = await readFile(path.join(runtimePaths(h.config).reminders, letters[0]!), 'utf8');
    expect(phone).toContain('4200102');
    expect(phone).not.toContain('4200101');
    // The job is marked completed a moment after its mail and letters are out.
    const remindJobs = async () =>
      (await h.loader.queues.load.getJobs(['completed'])).filter((j) => j.name === 'remind').map((j) => j.id);
    await until(async () => (await remindJobs()).length > 0);
    expect(await remindJobs()).toEqual([`remind-${ROUND}-1d`]);
  });
});

async function lettersWritten(h: Harness): Promise<string[]> {
  return (await readdir(runtimePaths(h.config).reminders).catch(() => [] as string[])).sort();
}

/** Polls until `probe` holds (at most 60 s). */
async function until(probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
