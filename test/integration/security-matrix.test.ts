import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeRosterWorkbook } from '../helpers/exceljs-roster.ts';
import { validId } from '../support/fixtures.ts';
import { Browser, startTestServer, type TestServer } from '../support/http-server.ts';
import { listAppRoutes } from '../support/route-list.ts';

/**
 * Who asks: the four roles of the accounts system (pipeline/auth/roles.ts), a province account
 * asking about its own province (42, where the data is) and one of another province (10).
 */
const WHO = ['admin', 'province', 'otherProvince', 'analyst', 'viewer'] as const;
type Who = (typeof WHO)[number];

/** `ok`: let through (any answer but 401, 403, a redirect to the login page or a fault). */
/** A request body as fetch takes it. */
type RequestBody = NonNullable<RequestInit['body']>;

type Expect = 'ok' | 403;
type Grid = Record<Who, Expect>;

interface Probe {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly body?: () => RequestBody;
  readonly json?: boolean;
  readonly grid: Grid;
}

/** Routes anyone may reach, signed in or not. */
const PUBLIC = 'public';

function only(...allowed: Who[]): Grid {
  return Object.fromEntries(WHO.map((w) => [w, allowed.includes(w) ? 'ok' : 403])) as Grid;
}
const EVERYONE = only(...WHO);
const ADMIN = only('admin');
const UPLOADERS = only('admin', 'province', 'otherProvince');
/** Reads of data in province 42: every role but the other province's account. */
const READ_42 = only('admin', 'province', 'analyst', 'viewer');
/** Personal data (full IDs, names, workbooks) of province 42. */
const PERSONAL_42 = only('admin', 'province', 'analyst');
/** Acting on province 42's data: its own province account and admins. */
const ACT_42 = only('admin', 'province');
/** The same for province 10, the other account's own: the province check is not one-sided. */
const READ_10 = only('admin', 'otherProvince', 'analyst', 'viewer');
const ACT_10 = only('admin', 'otherProvince');

const ROUND = '2562-2';
const form = (fields: Record<string, string>) => () => new URLSearchParams(fields);
const emptyUpload = () => {
  const data = new FormData();
  data.append('round', ROUND);
  return data;
};

/** The expectation table: one entry per route of the app; a route missing here fails the first test. */
function expectations(s: number): Record<string, typeof PUBLIC | Probe[]> {
  const get = (path: string, grid: Grid): Probe => ({ method: 'GET', path, grid });
  const post = (path: string, grid: Grid, body?: () => RequestBody, json = false): Probe => ({
    method: 'POST',
    path,
    grid,
    ...(body ? { body } : {}),
    json,
  });
  const q42 = `province=42&round=${ROUND}`;
  const q10 = `province=10&round=${ROUND}`;
  const signoffBody = form({ province: '42', round: ROUND });
  const answer = form({
    round: ROUND,
    cluster: 'no-such-cluster',
    institution: '3042000001',
    submission: String(s),
    row: '1',
    outcome: '100',
  });
  const mark = () =>
    JSON.stringify({ institution: '3042000001', submission: s, row: 1, outcome: 999, note: 'probe' });
  return {
    'GET /healthz': PUBLIC,
    'GET /favicon.ico': PUBLIC,
    'GET /login': PUBLIC,
    'POST /login': PUBLIC,
    'GET /logout': PUBLIC,
    'POST /logout': PUBLIC,
    'USE /static': PUBLIC,
    'USE /admin/queues': [
      get('/admin/queues', ADMIN),
      get('/admin/queues/api/queues', ADMIN),
      { method: 'PUT', path: '/admin/queues/api/queues/resume', grid: ADMIN },
    ],
    'GET /': [get('/', EVERYONE)],
    'GET /uploads/new': [get('/uploads/new', UPLOADERS)],
    'POST /api/uploads': [post('/api/uploads', UPLOADERS, emptyUpload)],
    'POST /uploads': [post('/uploads', UPLOADERS, emptyUpload)],
    'GET /submissions/:id': [get(`/submissions/${s}`, READ_42)],
    'GET /api/submissions/:id': [get(`/api/submissions/${s}`, PERSONAL_42)],
    'GET /submissions/:id/annotated.xlsx': [get(`/submissions/${s}/annotated.xlsx`, PERSONAL_42)],
    'GET /api/submissions/:id/events': [get(`/api/submissions/${s}/events`, READ_42)],
    'GET /api/upload-events': [get(`/api/upload-events?ids=${s}`, READ_42)],
    'GET /api/uploads/pending/:pendingId': [get('/api/uploads/pending/none', UPLOADERS)],
    'POST /api/uploads/pending/:pendingId/confirm': [post('/api/uploads/pending/none/confirm', UPLOADERS)],
    'POST /api/uploads/pending/:pendingId/cancel': [post('/api/uploads/pending/none/cancel', UPLOADERS)],
    'GET /uploads/pending/:pendingId': [get('/uploads/pending/none', UPLOADERS)],
    'POST /uploads/pending/:pendingId/confirm': [post('/uploads/pending/none/confirm', UPLOADERS)],
    'POST /uploads/pending/:pendingId/cancel': [post('/uploads/pending/none/cancel', UPLOADERS)],
    'GET /api/ingestion/submissions': [
      get('/api/ingestion/submissions?province=42', READ_42),
      get('/api/ingestion/submissions?province=10', READ_10),
    ],
    'GET /api/ingestion/queues': [get('/api/ingestion/queues', EVERYONE)],
    'GET /api/ingestion/failed': [get('/api/ingestion/failed', ADMIN)],
    'POST /api/ingestion/jobs/:queue/:id/retry': [post('/api/ingestion/jobs/parse/none/retry', ADMIN)],
    'POST /ingestion/jobs/:queue/:id/retry': [post('/ingestion/jobs/parse/none/retry', ADMIN)],
    'GET /ingestion': [get('/ingestion?province=42', READ_42), get('/ingestion', EVERYONE)],
    'GET /dedup': [get(`/dedup?round=${ROUND}`, EVERYONE)],
    'POST /dedup/answer': [post('/dedup/answer', ACT_42, answer)],
    'POST /dedup/run': [post(`/dedup/run?round=${ROUND}`, ADMIN)],
    'GET /admin/audit': [get('/admin/audit', ADMIN)],
    'GET /analyst': [
      get('/analyst', only('admin', 'analyst')),
      get('/analyst?sql=SELECT%201&format=csv', only('admin', 'analyst')),
    ],
    'GET /reports': [
      get(`/reports?${q42}`, READ_42),
      get(`/reports?${q10}`, READ_10),
      get('/reports', EVERYONE),
    ],
    'GET /reports/:form': [
      get(`/reports/form2?${q42}`, READ_42),
      get(`/reports/subsidy?${q42}&format=xlsx`, READ_42),
      get(`/reports/form2?${q10}`, READ_10),
    ],
    'GET /api/reports/:form': [get(`/api/reports/form3?${q42}`, READ_42)],
    'GET /admin/windows': [get('/admin/windows', ADMIN)],
    'POST /admin/windows/set': [post('/admin/windows/set', ADMIN, form({ round: ROUND }))],
    'POST /admin/windows/grant': [post('/admin/windows/grant', ADMIN, form({ round: ROUND }))],
    'POST /admin/windows/revoke': [post('/admin/windows/revoke', ADMIN, form({ round: ROUND }))],
    'POST /api/records/mark': [post('/api/records/mark', ACT_42, mark, true)],
    'GET /api/completeness': [
      get(`/api/completeness?${q42}`, READ_42),
      get(`/api/completeness?${q10}`, READ_10),
    ],
    'GET /completeness': [get(`/completeness?${q42}`, READ_42), get('/completeness', EVERYONE)],
    'GET /completeness/not-submitted.csv': [get(`/completeness/not-submitted.csv?${q42}`, READ_42)],
    'GET /completeness/not-submitted.xlsx': [get(`/completeness/not-submitted.xlsx?${q42}`, READ_42)],
    'GET /signoff': [get(`/signoff?${q42}`, READ_42), get(`/signoff?${q10}`, READ_10)],
    'GET /signoff/certified': [get(`/signoff/certified?${q42}&form=form2`, READ_42)],
    'POST /signoff/certify': [
      post('/signoff/certify', ACT_42, signoffBody),
      post('/signoff/certify', ACT_10, form({ province: '10', round: ROUND })),
    ],
    'POST /signoff/sent': [post('/signoff/sent', ACT_42, signoffBody)],
    'POST /signoff/reopen': [post('/signoff/reopen', ADMIN, signoffBody)],
    'GET /provinces': [get(`/provinces?round=${ROUND}`, ADMIN), get(`/provinces?format=xlsx`, ADMIN)],
  };
}

/** How a request was answered, in words a failing table shows at a glance. */
function verdict(res: Response): string {
  if (res.status === 401) return '401';
  if (res.status === 403) return '403';
  if (res.status === 302 && res.headers.get('location') === '/login') return 'login';
  if (res.status >= 500) return `fault ${res.status}`;
  return 'ok';
}

/** Without a login: the API and Bull Board answer 401, pages send the browser to the login page. */
function anonymousVerdict(path: string): string {
  return path.startsWith('/api/') || path.startsWith('/admin/queues') ? '401' : 'login';
}

describe('the role × province × route matrix over HTTP, by API token and by session', () => {
  let server: TestServer;
  let submission = 0;
  const tokens = {} as Record<Who, string>;
  const browsers = {} as Record<Who, { browser: Browser; csrf: string }>;

  beforeAll(async () => {
    server = await startTestServer();
    const accounts: Record<Who, Parameters<TestServer['addAccount']>> = {
      admin: ['m-admin', 'admin'],
      province: ['m-loei', 'province', '42'],
      otherProvince: ['m-bangkok', 'province', '10'],
      analyst: ['m-analyst', 'analyst'],
      viewer: ['m-viewer', 'viewer'],
    };
    for (const who of WHO) {
      const [username, role, province] = accounts[who];
      const made = await server.addAccount(username, role, province);
      tokens[who] = made.token;
      const browser = new Browser(server.url);
      expect((await browser.login(username, made.password)).status).toBe(303);
      browsers[who] = { browser, csrf: await browser.csrf('/login') };
    }
    submission = await uploadRoster(server, tokens.province);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when the app’s routes are listed from its router then each has an entry in the table, and no entry is stale', () => {
    const routes = listAppRoutes(server.app);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toEqual(Object.keys(expectations(submission)).sort());
  });

  it('when nobody is signed in then every non-public route answers 401 (API, Bull Board) or leads to the login page', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [route, probes] of Object.entries(expectations(submission))) {
      if (probes === PUBLIC) continue;
      for (const probe of probes) {
        const res = await fetch(`${server.url}${probe.path}`, {
          method: probe.method,
          redirect: 'manual',
          ...(probe.body ? { body: probe.body() } : {}),
        });
        await res.arrayBuffer();
        got.push(`${route} ${probe.path}: ${verdict(res)}`);
        want.push(`${route} ${probe.path}: ${anonymousVerdict(probe.path)}`);
      }
    }
    expect(got).toEqual(want);
  });

  for (const via of ['token', 'session'] as const)
    it(`when each role asks for each route by ${via} then it is let through or refused 403 as its role and province allow`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const [route, probes] of Object.entries(expectations(submission))) {
        if (probes === PUBLIC) continue;
        for (const probe of probes)
          for (const who of WHO) {
            const res = await send(
              server.url,
              probe,
              via === 'token' ? { token: tokens[who] } : browsers[who],
            );
            await res.arrayBuffer();
            got.push(`${route} ${probe.path} as ${who}: ${verdict(res)}`);
            want.push(`${route} ${probe.path} as ${who}: ${String(probe.grid[who])}`);
          }
      }
      expect(got).toEqual(want);
    });
});

/** Sends a probe as a token's script or as a signed-in browser (with the session's CSRF token and this site's Origin). */
async function send(
  base: string,
  probe: Probe,
  as: { token: string } | { browser: Browser; csrf: string },
): Promise<Response> {
  const headers = new Headers();
  if (probe.json) headers.set('content-type', 'application/json');
  const init: RequestInit = { method: probe.method, headers, ...(probe.body ? { body: probe.body() } : {}) };
  if ('token' in as) {
    headers.set('authorization', `Bearer ${as.token}`);
    return fetch(`${base}${probe.path}`, { ...init, redirect: 'manual' });
  }
  if (probe.method !== 'GET') {
    headers.set('x-csrf-token', as.csrf);
    headers.set('origin', base);
  }
  return as.browser.fetch(probe.path, init);
}

/** A Loei (42) school's roster with one valid child, uploaded by the province account; its submission id once loaded. */
async function uploadRoster(server: TestServer, token: string): Promise<number> {
  const bytes = await writeRosterWorkbook(SIS_STUDENTS, {
    info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
    rows: [
      {
        national_id: validId('110370250011'),
        prefix: 'ด.ญ.',
        first_name: 'มาลี',
        last_name: 'ใจดี',
        sex: 'หญิง',
        birth_date: '01/02/2556',
        grade: 'ป.1',
      },
    ],
  });
  const body = new FormData();
  body.append('file', new Blob([bytes]), 'roster.xlsx');
  const res = await fetch(`${server.url}/api/uploads`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(202);
  const { submissionId } = (await res.json()) as { submissionId: number };
  for (let i = 0; i < 300; i++) {
    const report = (await (
      await fetch(`${server.url}/api/submissions/${submissionId}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as SubmissionReport;
    if (report.status !== 'queued') {
      expect(report.status).toBe('accepted');
      return submissionId;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the roster was never loaded');
}
