import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWindowListing } from '../../pipeline/reference/window-repository.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

const ROUND = '2562-2';
const LAO = '4200101';

describe('the rounds and windows page', () => {
  let server: TestServer;
  let loeiToken: string;
  const post = (path: string, fields: Record<string, string>, token = server.adminToken) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${token}` },
      body: new URLSearchParams(fields),
    });
  const listing = () => server.loader.exclusive((db) => readWindowListing(db, ROUND));
  const audits = () =>
    server.loader.exclusive((db) =>
      db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'target', 'detail'])
        .where('action', 'like', 'window-%')
        .orderBy('audit_id')
        .execute(),
    );

  beforeAll(async () => {
    server = await startTestServer();
    loeiToken = (await server.addAccount('loei', 'province', '42')).token;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when an admin moves the window in Bangkok time then the round holds the UTC instants and one audit line says old → new', async () => {
    const before = await listing();
    const res = await post('/admin/windows/set', {
      round: ROUND,
      opensAt: '2019-10-01T08:00',
      closesAt: '2019-12-01T00:00',
    });
    expect(res.status).toBe(303);
    // 08:00 and 00:00 in Bangkok (UTC+7) are 01:00 the same day and 17:00 the day before in UTC.
    expect(await listing()).toEqual({
      round: ROUND,
      opensAt: '2019-10-01T01:00:00.000Z',
      closesAt: '2019-11-30T17:00:00.000Z',
      exceptions: [],
    });
    expect(await audits()).toEqual([
      {
        actor: 'admin',
        action: 'window-set',
        target: ROUND,
        detail: `${before.opensAt}..${before.closesAt} → 2019-10-01T01:00:00.000Z..2019-11-30T17:00:00.000Z`,
      },
    ]);
    const page = await (
      await fetch(`${server.url}/admin/windows?round=${ROUND}`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      })
    ).text();
    expect(page).toContain('data-testid="windows-closes">2019-12-01 00:00<');
  });

  it('when an admin closes the window now then it closes at the server clock and the page says it is not open', async () => {
    expect((await post('/admin/windows/set', { round: ROUND, now: 'close' })).status).toBe(303);
    // The test server's clock is 2019-11-01T03:00:00Z (IN_WINDOW).
    expect((await listing()).closesAt).toBe('2019-11-01T03:00:00.000Z');
    const page = await (
      await fetch(`${server.url}/admin/windows?round=${ROUND}`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      })
    ).text();
    expect(page).toContain('data-testid="windows-state">ไม่เปิดรับ<');
  });

  it('when an admin grants and revokes an LAO exception then the round lists it, then not, each change audited', async () => {
    const grant = await post('/admin/windows/grant', {
      round: ROUND,
      lao: LAO,
      until: '2019-12-20T23:59',
      reason: 'น้ำท่วม <b>',
    });
    expect(grant.status).toBe(303);
    expect((await listing()).exceptions).toEqual([
      {
        laoCode: LAO,
        until: '2019-12-20T16:59:00.000Z',
        reason: 'น้ำท่วม <b>',
        grantedBy: 'admin',
        grantedAt: '2019-11-01T03:00:00.000Z',
      },
    ]);
    const page = await (
      await fetch(`${server.url}/admin/windows?round=${ROUND}`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      })
    ).text();
    expect(page).toContain('น้ำท่วม &lt;b&gt;');
    expect(page).toContain(`data-testid="windows-revoke-${LAO}"`);

    expect((await post('/admin/windows/revoke', { round: ROUND, lao: LAO })).status).toBe(303);
    expect((await listing()).exceptions).toEqual([]);
    expect((await audits()).slice(-2)).toEqual([
      {
        actor: 'admin',
        action: 'window-grant',
        target: `${ROUND} ${LAO}`,
        detail: 'until none → 2019-12-20T16:59:00.000Z; น้ำท่วม <b>',
      },
      {
        actor: 'admin',
        action: 'window-revoke',
        target: `${ROUND} ${LAO}`,
        detail: 'until 2019-12-20T16:59:00.000Z → none',
      },
    ]);
  });

  it('when a grant names an LAO the registry lacks, or has no reason, then it is 400 and nothing changes', async () => {
    const before = { window: await listing(), audits: (await audits()).length };
    const unknown = await post('/admin/windows/grant', {
      round: ROUND,
      lao: '9999999',
      until: '2019-12-20T23:59',
      reason: 'x',
    });
    expect(unknown.status).toBe(400);
    const noReason = await post('/admin/windows/grant', {
      round: ROUND,
      lao: LAO,
      until: '2019-12-20T23:59',
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect({ window: await listing(), audits: (await audits()).length }).toEqual(before);
  });

  it('when a non-admin opens or posts to the windows page then it is 403 and the window stays', async () => {
    const before = await listing();
    const page = await fetch(`${server.url}/admin/windows`, {
      headers: { authorization: `Bearer ${loeiToken}` },
    });
    expect(page.status).toBe(403);
    expect((await post('/admin/windows/set', { round: ROUND, now: 'open' }, loeiToken)).status).toBe(403);
    expect(
      (
        await post(
          '/admin/windows/grant',
          { round: ROUND, lao: LAO, until: '2019-12-20T23:59', reason: 'x' },
          loeiToken,
        )
      ).status,
    ).toBe(403);
    expect(await listing()).toEqual(before);
  });
});

/** The link of the element with a test id, its HTML entities decoded as a browser does. */
function hrefOf(html: string, testid: string): string | undefined {
  const raw = new RegExp(`href="([^"]+)" data-testid="${testid}"`, 'u').exec(html)?.[1];
  return raw?.replace(/&#x3D;/gu, '=').replace(/&amp;/gu, '&');
}

describe('the report index', () => {
  let server: TestServer;
  let loeiToken: string;
  const get = (path: string, token: string) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    server = await startTestServer();
    loeiToken = (await server.addAccount('loei', 'province', '42')).token;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("when a province user opens /reports then it lists its own province's forms 2–5 and the subsidy, and no province choice", async () => {
    const html = await (await get('/reports', loeiToken)).text();
    for (const form of ['form2', 'form3', 'form4', 'form5', 'subsidy']) {
      expect(hrefOf(html, `report-open-${form}`)).toBe(`/reports/${form}?province=42&round=2562-2`);
      expect(hrefOf(html, `report-xlsx-${form}`)).toBe(
        `/reports/${form}?province=42&round=2562-2&format=xlsx`,
      );
    }
    expect(html).not.toContain('data-testid="reports-province"');
    expect(html).not.toMatch(/province(=|&#x3D;)(?!42)\d\d/u);
    expect((await get('/reports?province=81', loeiToken)).status).toBe(403);
  });

  it('when an admin chooses a province then its links are listed and the .xlsx link downloads a workbook', async () => {
    const empty = await (await get('/reports', server.adminToken)).text();
    expect(empty).toContain('data-testid="reports-province"');
    expect(empty).not.toContain('data-testid="report-xlsx-form2"');
    const html = await (await get('/reports?province=81&round=2562-2', server.adminToken)).text();
    const href = hrefOf(html, 'report-xlsx-form5');
    expect(href).toBe('/reports/form5?province=81&round=2562-2&format=xlsx');
    const xlsx = await get(href!, server.adminToken);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });
});
