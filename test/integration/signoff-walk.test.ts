import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../pipeline/auth/account-repository.ts';
import { replaceRegistry } from '../../pipeline/db/registry-repository.ts';
import type { CertifyResult } from '../../pipeline/signoff/certify.ts';
import type { NationalTotals } from '../../pipeline/signoff/national-totals.ts';
import type { ProvincesStatus } from '../../pipeline/signoff/province-status.ts';
import { runJobOn } from '../../bin/loader-job.ts';
import { runSignoffJob } from '../../bin/signoff-job.ts';
import { IN_WINDOW } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';
import { SIGNOFF_REGISTRY, rosterOf } from '../support/signoff-fixtures.ts';

const ROUND = '2562-2';
/** After the close of 2562-2 (15 Nov 2562, Bangkok midnight) and after its forms' due date. */
const AFTER_CLOSE = new Date('2019-11-20T03:00:00Z');

describe('a round from open to sent for two provinces', { timeout: 240_000 }, () => {
  let h: Harness;
  const signoff = (payload: Record<string, unknown>) => runSignoffJob(h.loader.queues, payload);
  const act = (op: string, province: string, by: string, extra: Record<string, unknown> = {}) =>
    signoff({ op, roundId: ROUND, provinceCode: province, by, at: new Date().toISOString(), ...extra });
  const view = async () =>
    (await signoff({ op: 'status', roundId: ROUND, at: new Date().toISOString() })) as {
      status: ProvincesStatus;
      totals: NationalTotals;
    };
  const province = (v: { status: ProvincesStatus }, code: string) =>
    v.status.provinces.find((p) => p.province === code)!;
  const pupilsOf = (t: NationalTotals, form: string) =>
    t.forms.find((f) => f.form === form)!.totals['pupils.total.total'] ?? 0;

  beforeAll(async () => {
    h = await startHarness();
    await h.loader.exclusive((db) =>
      replaceRegistry(db, SIGNOFF_REGISTRY, 'test', new Date('2019-10-01T00:00:00Z')),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('when provinces upload, certify, change late and re-certify then the department view and national totals follow each step', async () => {
    const ingest = async (code: string, pupils: number, asOf: Date) =>
      (await h.ingest(await rosterOf(code, pupils), `${code}.xlsx`, { asOf, options: { roundId: ROUND } }))
        .status;
    expect(await ingest('3042000001', 2, IN_WINDOW)).toBe('accepted');
    expect(await ingest('3081000001', 1, IN_WINDOW)).toBe('accepted');

    // The window is closed (2019); nothing is certified yet.
    let v = await view();
    expect(v.status.formsDueAt).toBe('2019-12-27T17:00:00.000Z');
    expect(province(v, '42')).toMatchObject({
      status: 'draft',
      expected: 3,
      accepted: 1,
      notSubmitted: 2,
      certifiedAt: null,
    });
    expect(province(v, '81')).toMatchObject({ status: 'draft', expected: 1, accepted: 1, notSubmitted: 0 });
    expect(pupilsOf(v.totals, 'form2')).toBe(0);
    expect(v.totals.uncertified.map((u) => u.province)).toEqual(['42', '81']);

    const first = (await act('certify', '42', 'chief42')) as CertifyResult;
    expect(first).toMatchObject({ status: 'certified', version: 1, certifiedBy: 'chief42' });
    expect(first.forms.map((f) => f.form)).toEqual(['form2', 'form3', 'form4', 'form5', 'subsidy']);
    v = await view();
    expect(province(v, '42')).toMatchObject({ status: 'certified', certifiedBy: 'chief42', version: 1 });
    expect(pupilsOf(v.totals, 'form2')).toBe(2);
    expect(v.totals.certified).toEqual(['42']);
    expect(v.totals.uncertified.map((u) => u.province)).toEqual(['81']);
    // Certified and unchanged: no second version, and no stale mark from merely reading.
    await expect(act('certify', '42', 'chief42')).rejects.toThrow(/already certified/u);
    expect(province(await view(), '42').status).toBe('certified');

    // A late upload through an exception changes a certified number: the certification goes stale.
    await runJobOn(h.loader.queues, 'window', {
      op: 'window-grant',
      roundId: ROUND,
      laoCode: '4200102',
      until: '2019-12-01T00:00:00Z',
      reason: 'น้ำท่วม',
      by: 'admin',
      at: new Date().toISOString(),
    });
    expect(await ingest('3042000003', 3, AFTER_CLOSE)).toBe('accepted');
    v = await view();
    expect(province(v, '42')).toMatchObject({ status: 'stale', version: 1, accepted: 2, notSubmitted: 1 });
    expect(province(v, '42').changes).toContainEqual({
      form: 'form2',
      field: 'totals.pupils.total.total',
      certified: 2,
      current: 5,
    });
    expect(pupilsOf(v.totals, 'form2')).toBe(0);
    expect(v.totals.uncertified).toContainEqual({ province: '42', provinceName: 'เลย', status: 'stale' });
    await expect(act('sent', '42', 'chief42')).rejects.toThrow(/only certified forms/u);

    const second = (await act('certify', '42', 'chief42')) as CertifyResult;
    expect(second).toMatchObject({ status: 'certified', version: 2 });
    expect(pupilsOf((await view()).totals, 'form2')).toBe(5);

    expect(await act('sent', '42', 'chief42')).toMatchObject({ status: 'sent', version: 2 });
    v = await view();
    expect(province(v, '42')).toMatchObject({ status: 'sent', late: false });
    expect(province(v, '81')).toMatchObject({ status: 'draft', late: true });
    expect(pupilsOf(v.totals, 'form2')).toBe(5);

    expect(await act('reopen', '42', 'admin', { reason: 'แก้ตัวเลขครู' })).toMatchObject({ status: 'draft' });
    v = await view();
    expect(province(v, '42').status).toBe('draft');
    expect(v.totals.certified).toEqual([]);

    const audit = await listAudit(h.loader.db, {});
    const actions = audit
      .filter((a) => a.target === `${ROUND} 42` && a.action.startsWith('certify'))
      .map((a) => `${a.action} ${a.actor}`)
      .reverse();
    expect(actions).toEqual([
      'certify chief42',
      'certify-stale system',
      'certify chief42',
      'certify-sent chief42',
      'certify-reopen admin',
    ]);
  });
});
