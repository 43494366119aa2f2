import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, startTestServer, type TestServer } from '../support/http-server.ts';

const ROUND = '2562-2';
/** After the close of 2562-2 and before its forms are due (27 Dec 2562). */
const AFTER_CLOSE = new Date('2019-11-20T03:00:00Z');

describe('certifying on the dashboard', { timeout: 120_000 }, () => {
  let server: TestServer;
  const passwords: Record<string, string> = {};
  const form = (csrf: string, extra: Record<string, string> = {}) =>
    new URLSearchParams({ _csrf: csrf, province: '42', round: ROUND, ...extra });
  const asAdmin = () => ({ authorization: `Bearer ${server.adminToken}` });

  beforeAll(async () => {
    server = await startTestServer({}, { now: () => AFTER_CLOSE });
    passwords.loei = (await server.addAccount('loei', 'province', '42')).password;
    passwords.bangkok = (await server.addAccount('bangkok', 'province', '10')).password;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when the province certifies its own forms then the department sees it, and no other province nor a forged form can', async () => {
    const loei = new Browser(server.url);
    await loei.login('loei', passwords.loei!);
    const page = `/signoff?province=42&round=${ROUND}`;
    expect(await (await loei.fetch(page)).text()).toContain('ร่าง (ยังไม่รับรอง)');
    const csrf = await loei.csrf(page);

    const forged = await loei.fetch('/signoff/certify', { method: 'POST', body: form('wrong') });
    expect(forged.status).toBe(403);
    const bangkok = new Browser(server.url);
    await bangkok.login('bangkok', passwords.bangkok!);
    expect((await bangkok.fetch(page)).status).toBe(403);
    const other = await bangkok.fetch('/signoff/certify', {
      method: 'POST',
      body: form(await bangkok.csrf('/uploads/new')),
    });
    expect(other.status).toBe(403);

    const certified = await loei.fetch('/signoff/certify', { method: 'POST', body: form(csrf) });
    expect(certified.status).toBe(303);
    const after = await (await loei.fetch(page)).text();
    expect(after).toContain('รับรองแล้ว');
    expect(after).toContain('โดย loei');
    const twice = await loei.fetch('/signoff/certify', { method: 'POST', body: form(csrf) });
    expect(twice.status).toBe(409);
    expect(
      (await loei.fetch('/signoff/reopen', { method: 'POST', body: form(csrf, { reason: 'x' }) })).status,
    ).toBe(403);
    expect((await loei.fetch(`/provinces?round=${ROUND}`)).status).toBe(403);

    const stored = await loei.fetch(`/signoff/certified?province=42&round=${ROUND}&form=form2`);
    expect(stored.headers.get('content-type')).toContain('spreadsheetml');
    const json = (await (
      await loei.fetch(`/signoff/certified?province=42&round=${ROUND}&form=form2&format=json`)
    ).json()) as { form: string; province: string };
    expect(json).toMatchObject({ form: 'form2', province: '42' });

    const view = await (await fetch(`${server.url}/provinces?round=${ROUND}`, { headers: asAdmin() })).text();
    expect(view).toContain('42 เลย');
    expect(view).toContain('จังหวัดที่รวม: 42');
    const xlsx = await fetch(`${server.url}/provinces?round=${ROUND}&format=xlsx`, { headers: asAdmin() });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    // The small registry: in Loei, one open school and one open CDC expected, none submitted; not late.
    expect(rows.find((r) => r[1] === '42')?.slice(1)).toEqual([
      '42',
      'เลย',
      'รับรองแล้ว',
      AFTER_CLOSE.toISOString(),
      'loei',
      2,
      0,
      2,
      '',
    ]);

    const reopened = await fetch(`${server.url}/signoff/reopen`, {
      method: 'POST',
      headers: asAdmin(),
      redirect: 'manual',
      body: new URLSearchParams({ province: '42', round: ROUND, reason: 'ตัวเลขครูผิด' }),
    });
    expect(reopened.status).toBe(303);
    expect(await (await loei.fetch(page)).text()).toContain('ร่าง (ยังไม่รับรอง)');
  });
});
