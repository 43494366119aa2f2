import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile } from '../helpers/workbook.ts';
import { readEventStream } from '../support/event-stream.ts';
import { validId } from '../support/fixtures.ts';
import { Browser, startTestServer, type TestServer } from '../support/http-server.ts';

const SCHOOL = '3042000001';
const CDC_FREE_SCHOOL = '3042000009';

interface Pupil {
  national_id: string;
  prefix: string;
  first_name: string;
  last_name: string;
  sex: string;
  birth_date: string;
  grade: string;
}

function pupil(n: number, overrides: Partial<Pupil> = {}): Pupil {
  return {
    national_id: validId(`1103702400${String(n).padStart(2, '0')}`),
    prefix: 'ด.ช.',
    first_name: `ทดสอบ${n}`,
    last_name: 'ใจดี',
    sex: 'ชาย',
    birth_date: '01/02/2556',
    grade: 'ป.1',
    ...overrides,
  };
}

function roster(school: string, pupils: readonly Pupil[]): Uint8Array {
  return writeTemplateFile(SIS_STUDENTS, {
    info: { institution_code: school, academic_year: 2562, term: 2 },
    rows: pupils.map((p) => ({ ...p })),
  });
}

function form(bytes: Uint8Array, name: string): FormData {
  const data = new FormData();
  data.append('file', new Blob([bytes]), name);
  return data;
}

function withToken(server: TestServer, token: string, path: string, init: RequestInit = {}) {
  return fetch(`${server.url}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  });
}

async function finished(server: TestServer, id: number): Promise<SubmissionReport> {
  for (;;) {
    const res = await withToken(server, server.adminToken, `/api/submissions/${id}`);
    const report = (await res.json()) as SubmissionReport;
    if (report.status !== 'queued') return report;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The national IDs the warehouse counts now for a school (its current submission's pupils). */
async function countedIds(server: TestServer, school: string): Promise<string[]> {
  const rows = await server.loader.exclusive((db) =>
    db
      .selectFrom('pupils')
      .innerJoin('submissions', 'submissions.submission_id', 'pupils.submission_id')
      .select('pupils.national_id')
      .where('submissions.subject_code', '=', school)
      .where('submissions.is_current', '=', true)
      .execute(),
  );
  return rows.map((r) => r.national_id).sort();
}

async function submissionCount(server: TestServer): Promise<number> {
  const res = await withToken(server, server.adminToken, '/api/ingestion/submissions?size=1');
  return ((await res.json()) as { total: number }).total;
}

describe('upload page, live stages and confirmed replacement', () => {
  let server: TestServer;
  let province: { password: string; token: string };

  beforeAll(async () => {
    server = await startTestServer();
    province = await server.addAccount('clerk-42', 'province', '42');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when the upload page is opened then it carries the drop zone hooks and loads its script from this site', async () => {
    const page = await withToken(server, province.token, '/uploads/new');
    const html = await page.text();
    expect(html).toContain('data-testid="drop-zone"');
    expect(html).toContain('<input type="file" name="file"');
    expect(html).toContain('<script src="/static/upload.js" defer></script>');
    expect(html).not.toMatch(/<script>[^<]/u);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const script = await fetch(`${server.url}/static/upload.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/u);
    expect(await script.text()).toContain('upload-progress');
    expect((await fetch(`${server.url}/static/nothing.js`)).status).toBe(404);
  });

  it('when a roster is uploaded then its event stream sends queued, parsing, loading and done in order, once each', async () => {
    const posted = await withToken(server, province.token, '/api/uploads', {
      method: 'POST',
      body: form(roster(CDC_FREE_SCHOOL, [pupil(90)]), 'stream.xlsx'),
    });
    expect(posted.status).toBe(202);
    const { submissionId } = (await posted.json()) as { submissionId: number };
    const res = await withToken(server, province.token, `/api/submissions/${submissionId}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEventStream(res);
    const stages = events.filter((e) => e.event === 'stage').map((e) => e.data as Record<string, unknown>);
    expect(stages.map((s) => s.stage)).toEqual(['queued', 'parsing', 'loading', 'done']);
    expect(stages.every((s) => s.submissionId === submissionId)).toBe(true);
    expect(events.at(-1)?.event).toBe('end');
    const report = await finished(server, submissionId);
    expect(stages[3]!.result).toEqual({
      status: report.status,
      file: 'stream.xlsx',
      rows: report.rows,
      errors: report.issues.filter((i) => i.severity === 'error').length,
      warnings: report.issues.filter((i) => i.severity === 'warning').length,
      report: `/api/submissions/${submissionId}`,
      page: `/submissions/${submissionId}`,
      annotated: `/submissions/${submissionId}/annotated.xlsx`,
    });
  });

  it('when events are asked for another province or without a login then the answer is 403 or 401', async () => {
    const posted = await withToken(server, server.adminToken, '/api/uploads', {
      method: 'POST',
      body: form(new Uint8Array([1, 2, 3]), 'nobody.xlsx'),
    });
    const { submissionId } = (await posted.json()) as { submissionId: number };
    await finished(server, submissionId);
    // Uploaded by the admin for no province: not the province account's.
    expect((await withToken(server, province.token, `/api/submissions/${submissionId}/events`)).status).toBe(
      403,
    );
    expect((await fetch(`${server.url}/api/submissions/${submissionId}/events`)).status).toBe(401);
    expect((await withToken(server, province.token, '/api/upload-events?ids=1,x')).status).toBe(400);
  });

  it('when a file would replace a counted roster then it is held, its changes listed exactly, and only the confirm replaces it', async () => {
    const before = [pupil(1), pupil(2), pupil(3)];
    const after = [
      pupil(2),
      pupil(3, { last_name: 'ใจงาม' }),
      pupil(4, { first_name: '<script>alert(1)</script>' }),
    ];
    const first = await withToken(server, province.token, '/api/uploads', {
      method: 'POST',
      body: form(roster(SCHOOL, before), 'v1.xlsx'),
    });
    const v1 = ((await first.json()) as { submissionId: number }).submissionId;
    expect((await finished(server, v1)).status).toBe('accepted');
    const ids = (list: readonly Pupil[]) => list.map((p) => p.national_id).sort();
    expect(await countedIds(server, SCHOOL)).toEqual(ids(before));

    // Expected changes, from the two lists above.
    const beforeIds = new Set(ids(before));
    const afterIds = new Set(ids(after));
    const added = ids(after).filter((id) => !beforeIds.has(id));
    const removed = ids(before).filter((id) => !afterIds.has(id));
    const changed = [pupil(3).national_id];

    const submissions = await submissionCount(server);
    const held = await withToken(server, province.token, '/api/uploads?hold=replace', {
      method: 'POST',
      body: form(roster(SCHOOL, after), 'v2.xlsx'),
    });
    expect(held.status).toBe(200);
    const answer = (await held.json()) as {
      status: string;
      pendingId: string;
      replaces: { submissionId: number };
      diff: {
        added: Array<{ nationalId: string; firstName: string }>;
        removed: Array<{ nationalId: string }>;
        changed: Array<{
          nationalId: string;
          fields: string[];
          before: { lastName: string };
          after: { lastName: string };
        }>;
        unchanged: number;
      };
      confirm: string;
    };
    expect(answer.status).toBe('pending-confirmation');
    expect(answer.replaces.submissionId).toBe(v1);
    expect(answer.diff.added.map((p) => p.nationalId)).toEqual(added);
    expect(answer.diff.added[0]!.firstName).toBe('<script>alert(1)</script>');
    expect(answer.diff.removed.map((p) => p.nationalId)).toEqual(removed);
    expect(answer.diff.changed.map((p) => p.nationalId)).toEqual(changed);
    expect(answer.diff.changed[0]).toMatchObject({
      fields: ['lastName'],
      before: { lastName: 'ใจดี' },
      after: { lastName: 'ใจงาม' },
    });
    expect(answer.diff.unchanged).toBe(1);

    // Held: no submission made, the counted roster untouched, and the page shows the names as text.
    expect(await submissionCount(server)).toBe(submissions);
    expect(await countedIds(server, SCHOOL)).toEqual(ids(before));
    const page = await (
      await withToken(server, province.token, `/uploads/pending/${answer.pendingId}`)
    ).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    for (const id of [...added, ...removed, ...changed]) expect(page).toContain(id);
    // Someone else cannot see or confirm it.
    expect((await withToken(server, server.adminToken, answer.confirm, { method: 'POST' })).status).toBe(404);

    const confirmed = await withToken(server, province.token, answer.confirm, { method: 'POST' });
    expect(confirmed.status).toBe(202);
    const v2 = ((await confirmed.json()) as { submissionId: number }).submissionId;
    expect((await finished(server, v2)).status).toBe('accepted');
    expect(await countedIds(server, SCHOOL)).toEqual(ids(after));
    expect((await withToken(server, province.token, answer.confirm, { method: 'POST' })).status).toBe(404);
    // The same pupils again change nothing: nothing to confirm, sent at once.
    const again = await withToken(server, province.token, '/api/uploads?hold=replace', {
      method: 'POST',
      body: form(roster(SCHOOL, after), 'v2-again.xlsx'),
    });
    expect(again.status).toBe(202);
    await finished(server, ((await again.json()) as { submissionId: number }).submissionId);
  });

  it('when a clerk posts a replacing file with the plain form then it waits on a confirm page until confirmed there', async () => {
    const browser = new Browser(server.url);
    expect((await browser.login('clerk-42', province.password)).status).toBe(303);
    const csrf = await browser.csrf('/uploads/new');
    const counted = await withToken(server, province.token, '/api/uploads', {
      method: 'POST',
      body: form(roster(SCHOOL, [pupil(5), pupil(6)]), 'counted.xlsx'),
    });
    await finished(server, ((await counted.json()) as { submissionId: number }).submissionId);
    const current = await countedIds(server, SCHOOL);
    expect(current).toEqual([pupil(5).national_id, pupil(6).national_id].sort());
    const next = [pupil(7)];
    const submissions = await submissionCount(server);
    const posted = await browser.fetch(`/uploads?_csrf=${csrf}`, {
      method: 'POST',
      body: form(roster(SCHOOL, next), 'form.xlsx'),
    });
    expect(posted.status).toBe(303);
    const location = posted.headers.get('location') ?? '';
    expect(location).toMatch(/^\/uploads\/pending\/[A-Za-z0-9_-]+$/u);
    expect(await submissionCount(server)).toBe(submissions);
    expect(await countedIds(server, SCHOOL)).toEqual(current);
    const page = await (await browser.fetch(location)).text();
    expect(page).toContain('data-testid="confirm-replace"');
    for (const id of current) expect(page).toContain(id);
    // Without its CSRF token the confirm is refused and nothing changes.
    expect((await browser.fetch(`${location}/confirm`, { method: 'POST' })).status).toBe(403);
    const confirmed = await browser.fetch(`${location}/confirm`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(confirmed.status).toBe(303);
    const id = Number(confirmed.headers.get('location')?.split('/').pop());
    await finished(server, id);
    expect(await countedIds(server, SCHOOL)).toEqual([pupil(7).national_id]);
  });

  it('when a script with a token posts a replacing file as before then it is accepted at once, as the contract says', async () => {
    const res = await withToken(server, province.token, '/api/uploads', {
      method: 'POST',
      body: form(roster(SCHOOL, [pupil(8)]), 'script.xlsx'),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as {
      submissionId: number;
      status: string;
      sha256: string;
      report: string;
    };
    expect(Object.keys(body).sort()).toEqual(['report', 'sha256', 'status', 'submissionId']);
    await finished(server, body.submissionId);
    expect(await countedIds(server, SCHOOL)).toEqual([pupil(8).national_id]);
  });

  it('when /admin/queues is asked for then an admin gets Bull Board, a province user 403 and nobody 401', async () => {
    const admin = await withToken(server, server.adminToken, '/admin/queues');
    expect(admin.status).toBe(200);
    expect(await admin.text()).toMatch(/static\/js\/main\.[0-9a-f]+\.js/u);
    expect(admin.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(admin.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await withToken(server, server.adminToken, '/admin/queues/api/queues');
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues
      .map((q) => q.name)
      .sort();
    expect(names).toEqual(['load', 'parse']);
    expect((await withToken(server, province.token, '/admin/queues')).status).toBe(403);
    expect((await withToken(server, province.token, '/admin/queues/api/queues')).status).toBe(403);
    expect((await fetch(`${server.url}/admin/queues`, { redirect: 'manual' })).status).toBe(401);
  });
});
