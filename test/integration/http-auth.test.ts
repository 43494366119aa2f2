import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../pipeline/auth/account-repository.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { LOGIN_LIMITS } from '../../dashboard/auth/throttle.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile } from '../helpers/workbook.ts';
import { badChecksum, validId } from '../support/fixtures.ts';
import { Browser, startTestServer, type TestServer } from '../support/http-server.ts';
import { untilAnnotated } from '../support/annotated-ready.ts';

const GOOD_ID = validId('110370250001');
const BAD_ID = badChecksum(validId('110370250002'));

/** A Loei (42) school's roster: one good child and one whose ID fails its checksum (an issue whose value is the ID). */
function roster(firstName: string): Uint8Array {
  const child = (national_id: string, first_name: string) => ({
    national_id,
    prefix: 'ด.ช.',
    first_name,
    last_name: 'สิทธิ์',
    sex: 'ชาย',
    birth_date: '01/02/2556',
    grade: 'ป.1',
  });
  return writeTemplateFile(SIS_STUDENTS, {
    info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
    rows: [child(GOOD_ID, firstName), child(BAD_ID, 'ผิดเลข')],
  });
}

function form(bytes: Uint8Array, name = 'roster.xlsx'): FormData {
  const data = new FormData();
  data.append('file', new Blob([bytes]), name);
  return data;
}

type Who = 'admin' | 'province42' | 'province10' | 'analyst' | 'viewer';

describe('accounts, roles and province scoping over HTTP', () => {
  let server: TestServer;
  const tokens = {} as Record<Who, string>;
  const passwords = {} as Record<Who, string>;
  let submission = 0;
  let rosterBytes: Uint8Array;

  const as = (who: Who | null, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      redirect: 'manual',
      ...init,
      headers: who ? { authorization: `Bearer ${tokens[who]}` } : {},
    });

  async function reportOf(id: number): Promise<SubmissionReport> {
    for (let i = 0; i < 150; i++) {
      const report = (await (await as('admin', `/api/submissions/${id}`)).json()) as SubmissionReport;
      if (report.status !== 'queued') return report;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('submission never finished');
  }

  async function upload(who: Who, bytes: Uint8Array): Promise<Response> {
    return as(who, '/api/uploads', { method: 'POST', body: form(bytes) });
  }

  beforeAll(async () => {
    server = await startTestServer();
    const made = {
      admin: await server.addAccount('admin2', 'admin'),
      province42: await server.addAccount('loei', 'province', '42'),
      province10: await server.addAccount('bangkok', 'province', '10'),
      analyst: await server.addAccount('analyst', 'analyst'),
      viewer: await server.addAccount('viewer', 'viewer'),
    };
    for (const [who, account] of Object.entries(made) as Array<[Who, { token: string; password: string }]>) {
      tokens[who] = account.token;
      passwords[who] = account.password;
    }
    rosterBytes = roster('ทดสอบ');
    const res = await upload('province42', rosterBytes);
    expect(res.status).toBe(202);
    submission = ((await res.json()) as { submissionId: number }).submissionId;
    expect(await reportOf(submission)).toMatchObject({ status: 'partial' });
    await untilAnnotated((path) => as('admin', path), submission);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when nobody is signed in then pages redirect to the login page and the API answers 401', async () => {
    for (const path of ['/', '/dedup', `/submissions/${submission}`, '/uploads/new']) {
      const res = await as(null, path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location')).toBe('/login');
    }
    expect((await as(null, `/api/submissions/${submission}`)).status).toBe(401);
    expect((await as(null, '/api/uploads', { method: 'POST', body: form(rosterBytes) })).status).toBe(401);
    const bad = await fetch(`${server.url}/api/submissions/${submission}`, {
      headers: { authorization: 'Bearer sis_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(bad.status).toBe(401);
    const login = await as(null, '/login');
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html).toContain('name="username"');
    expect(html).toContain('name="password"');
  });

  it('when each role asks for each route then it is answered as the role and province allow', async () => {
    const routes: Array<[string, (who: Who) => Promise<Response>, Record<Who, number>]> = [
      [
        'GET /api/submissions/:id',
        (who) => as(who, `/api/submissions/${submission}`),
        { admin: 200, province42: 200, province10: 403, analyst: 200, viewer: 403 },
      ],
      [
        'GET /submissions/:id',
        (who) => as(who, `/submissions/${submission}`),
        { admin: 200, province42: 200, province10: 403, analyst: 200, viewer: 200 },
      ],
      [
        'GET /submissions/:id/annotated.xlsx',
        (who) => as(who, `/submissions/${submission}/annotated.xlsx`),
        { admin: 200, province42: 200, province10: 403, analyst: 200, viewer: 403 },
      ],
      [
        'GET /',
        (who) => as(who, '/'),
        { admin: 200, province42: 200, province10: 200, analyst: 200, viewer: 200 },
      ],
      [
        'GET /dedup',
        (who) => as(who, '/dedup?round=2562-2'),
        { admin: 200, province42: 200, province10: 200, analyst: 200, viewer: 200 },
      ],
      [
        'GET /uploads/new',
        (who) => as(who, '/uploads/new'),
        { admin: 200, province42: 200, province10: 200, analyst: 403, viewer: 403 },
      ],
      [
        'POST /api/uploads',
        (who) => upload(who, new Uint8Array([1, 2, 3])),
        { admin: 202, province42: 202, province10: 202, analyst: 403, viewer: 403 },
      ],
      [
        'POST /dedup/run',
        (who) => as(who, '/dedup/run?round=2562-2', { method: 'POST' }),
        { admin: 303, province42: 403, province10: 403, analyst: 403, viewer: 403 },
      ],
      [
        'GET /admin/audit',
        (who) => as(who, '/admin/audit?action=login'),
        { admin: 200, province42: 403, province10: 403, analyst: 403, viewer: 403 },
      ],
      [
        'GET /api/submissions/:id (unknown)',
        (who) => as(who, '/api/submissions/999999'),
        { admin: 404, province42: 404, province10: 404, analyst: 404, viewer: 403 },
      ],
    ];
    const got: string[] = [];
    const want: string[] = [];
    for (const [name, call, expected] of routes)
      for (const who of Object.keys(expected) as Who[]) {
        const res = await call(who);
        await res.arrayBuffer();
        got.push(`${name} as ${who}: ${res.status}`);
        want.push(`${name} as ${who}: ${expected[who]}`);
      }
    expect(got).toEqual(want);
  });

  it('when a province lists submissions then it sees its own province only', async () => {
    expect(await (await as('province42', '/')).text()).toContain(`/submissions/${submission}"`);
    expect(await (await as('province10', '/')).text()).not.toContain(`/submissions/${submission}"`);
  });

  it('when a province uploads another province’s roster then it is rejected as auth/other-province and nothing counts, also for bytes already held', async () => {
    for (const bytes of [roster('อื่น'), rosterBytes]) {
      const res = await upload('province10', bytes);
      expect(res.status).toBe(202);
      const { submissionId } = (await res.json()) as { submissionId: number };
      expect(submissionId).not.toBe(submission);
      const report = await reportOf(submissionId);
      expect(report.status).toBe('rejected');
      expect(report.rows.accepted).toBe(0);
      expect(report.issues.map((i) => i.code)).toContain('auth/other-province');
      // Its uploader still may not read what it sent for another province.
      expect((await as('province10', `/api/submissions/${submissionId}`)).status).toBe(403);
    }
    // The province's own upload is still the counted one.
    expect(await reportOf(submission)).toMatchObject({ status: 'partial', rows: { accepted: 1 } });
  });

  it('when a viewer reads a report then IDs and names are masked', async () => {
    const admin = await (await as('admin', `/submissions/${submission}`)).text();
    expect(admin).toContain(BAD_ID);
    const viewer = await (await as('viewer', `/submissions/${submission}`)).text();
    expect(viewer).not.toContain(BAD_ID);
    expect(viewer).toContain(`${BAD_ID[0]}${'•'.repeat(12)}`);
  });

  it('when a user logs in then the cookie carries its flags, the page asked for follows, and logout ends the session', async () => {
    const browser = new Browser(server.url);
    const first = await browser.fetch('/dedup?round=2562-2');
    expect(first.headers.get('location')).toBe('/login');
    // What a browser fetches on the side (an icon, a script) is not where the login leads back to.
    await browser.fetch('/assets/missing.js', { headers: { 'sec-fetch-dest': 'script' } });
    await browser.fetch('/apple-touch-icon.png');
    const login = await browser.login('loei', passwords.province42);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/dedup?round=2562-2');
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sis\.sid=/u);
    expect(cookie).toMatch(/; HttpOnly/iu);
    expect(cookie).toMatch(/; SameSite=Lax/iu);
    expect(cookie).not.toMatch(/; Secure/iu);
    expect((await browser.fetch('/dedup?round=2562-2')).status).toBe(200);
    expect((await browser.fetch(`/submissions/${submission}`)).status).toBe(200);
    const csrf = await browser.csrf('/logout');
    const out = await browser.fetch('/logout', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(out.status).toBe(303);
    expect((await browser.fetch('/')).status).toBe(302);
  });

  it('when a signed-in form is posted without its CSRF token then it is refused', async () => {
    const browser = new Browser(server.url);
    expect((await browser.login('admin2', passwords.admin)).status).toBe(303);
    const without = await browser.fetch('/dedup/run?round=2562-2', { method: 'POST' });
    expect(without.status).toBe(403);
    const wrong = await browser.fetch('/dedup/run?round=2562-2', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: 'not-the-token' }),
    });
    expect(wrong.status).toBe(403);
    const csrf = await browser.csrf('/dedup?round=2562-2');
    const right = await browser.fetch('/dedup/run?round=2562-2', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(right.status).toBe(303);
    const noLoginCsrf = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'admin2', password: passwords.admin }),
      redirect: 'manual',
    });
    expect(noLoginCsrf.status).toBe(403);
  });

  it('when an account fails to log in N times then even its right password is refused for a while', async () => {
    await server.addAccount('throttled', 'viewer').then(async ({ password }) => {
      const browser = new Browser(server.url);
      for (let i = 0; i < LOGIN_LIMITS.perUser; i++)
        expect((await browser.login('throttled', 'wrong password')).status).toBe(401);
      expect((await browser.login('throttled', password)).status).toBe(429);
    });
  });

  it('when a token is revoked then it stops working at once', async () => {
    const { token } = await server.addAccount('script', 'province', '42');
    const tokenId = /^sis_([0-9a-f]{16})_/u.exec(token)![1]!;
    const call = () =>
      fetch(`${server.url}/api/submissions/${submission}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200);
    const job = await server.loader.queues.load.add('accounts', {
      op: 'token-revoke',
      tokenId,
      by: 'test',
      at: new Date().toISOString(),
    });
    await job.waitUntilFinished(server.loader.queues.loadEvents, 30_000);
    expect((await call()).status).toBe(401);
  });

  it('when pages are served then secure headers and a CSP are set', async () => {
    const res = await as(null, '/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/u);
    expect(csp).toContain("form-action 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('when people log in and upload then the audit log records who, what and from where', async () => {
    const audit = await server.loader.exclusive(() => listAudit(server.loader.db));
    const lines = audit.map((a) => `${a.actor} ${a.action} ${a.outcome}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'loei login ok',
        'loei upload ok',
        'bangkok upload ok',
        'throttled login failed',
        'throttled login denied',
        'test token-revoke ok',
        'test user-add ok',
      ]),
    );
    expect(audit.find((a) => a.action === 'login')?.address).toBeTruthy();
  });
});

describe('accounts behind a TLS-terminating proxy (SIS_TRUST_PROXY=1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIS_TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('when the proxy says the request came over https then the session cookie is Secure and HSTS is sent; over plain http no session cookie is given', async () => {
    const tls = await fetch(`${server.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    const cookie = tls.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sis\.sid=/u);
    expect(cookie).toMatch(/; Secure/iu);
    expect(cookie).toMatch(/; HttpOnly/iu);
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=\d+/u);
    const plain = await fetch(`${server.url}/login`);
    expect(plain.headers.get('set-cookie')).toBeNull();
  });
});
