import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job } from 'bullmq';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { CCIS_CHILDREN, SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile } from '../helpers/workbook.ts';
import { validId } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

interface Listed {
  submissionId: number;
  fileName: string;
  status: string;
  templateId: string | null;
  laoCode: string | null;
}
interface ListPage {
  page: number;
  size: number;
  total: number;
  pages: number;
  submissions: Listed[];
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

const pupilRow = (n: number) => ({
  national_id: validId(`1103702411${String(n).padStart(2, '0')}`),
  prefix: 'ด.ช.',
  first_name: `สถานะ${n}`,
  last_name: 'ทดสอบ',
  sex: 'ชาย',
  birth_date: '01/02/2556',
  grade: 'ป.1',
});

/** A child of a CDC: the pupil's person columns, no grade. */
function childRow(n: number) {
  const { grade, ...person } = pupilRow(n);
  void grade;
  return { ...person, birth_date: '01/02/2559' };
}

describe('ingestion status', () => {
  let server: TestServer;
  let clerk: string;
  let viewer: string;
  /** The uploads made here, with the facts each is expected to show (from what was sent). */
  const sent: Array<{
    id: number;
    name: string;
    template: string | null;
    lao: string | null;
    status: string;
  }> = [];

  async function upload(token: string, bytes: Uint8Array, name: string) {
    const res = await withToken(server, token, '/api/uploads', { method: 'POST', body: form(bytes, name) });
    const id = ((await res.json()) as { submissionId: number }).submissionId;
    for (;;) {
      const report = (await (
        await withToken(server, server.adminToken, `/api/submissions/${id}`)
      ).json()) as SubmissionReport;
      if (report.status !== 'queued') return { id, status: report.status };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const list = async (token: string, query: string): Promise<ListPage> =>
    (await (await withToken(server, token, `/api/ingestion/submissions?${query}`)).json()) as ListPage;
  const idsOf = (page: ListPage) => page.submissions.map((s) => s.submissionId);
  const expected = (keep: (s: (typeof sent)[number]) => boolean) =>
    sent
      .filter(keep)
      .map((s) => s.id)
      .sort((a, b) => b - a);

  beforeAll(async () => {
    server = await startTestServer();
    clerk = (await server.addAccount('clerk-42', 'province', '42')).token;
    viewer = (await server.addAccount('viewer', 'viewer')).token;
    const school = writeTemplateFile(SIS_STUDENTS, {
      info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
      rows: [pupilRow(1)],
    });
    const cdc = writeTemplateFile(CCIS_CHILDREN, {
      info: { institution_code: '7042000001', academic_year: 2562, term: 2 },
      rows: [childRow(2)],
    });
    const otherLao = writeTemplateFile(SIS_STUDENTS, {
      info: { institution_code: '3042000009', academic_year: 2562, term: 2 },
      rows: [pupilRow(3)],
    });
    const a = await upload(clerk, school, 'school.xlsx');
    sent.push({ id: a.id, name: 'school.xlsx', template: 'sis-students', lao: '4200101', status: a.status });
    const b = await upload(clerk, cdc, 'cdc.xlsx');
    sent.push({ id: b.id, name: 'cdc.xlsx', template: 'ccis-children', lao: '4200101', status: b.status });
    const c = await upload(clerk, otherLao, 'closed.xlsx');
    sent.push({ id: c.id, name: 'closed.xlsx', template: 'sis-students', lao: '4200102', status: c.status });
    // Sent by the admin for no institution known: in no province. (A '/' in a name would cut it to its base.)
    const d = await upload(server.adminToken, new Uint8Array([1, 2, 3]), '<script>alert(1).xlsx');
    sent.push({ id: d.id, name: '<script>alert(1).xlsx', template: null, lao: null, status: d.status });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when the list is filtered by template, LAO, status or days then exactly the matching rows come back', async () => {
    const all = await list(server.adminToken, 'size=100');
    expect(idsOf(all)).toEqual(expected(() => true));
    expect(all.total).toBe(4);
    expect(idsOf(await list(server.adminToken, 'template=sis-students'))).toEqual(
      expected((s) => s.template === 'sis-students'),
    );
    expect(idsOf(await list(server.adminToken, 'lao=4200102'))).toEqual(expected((s) => s.lao === '4200102'));
    expect(idsOf(await list(server.adminToken, 'lao=4200101&template=ccis-children'))).toEqual(
      expected((s) => s.lao === '4200101' && s.template === 'ccis-children'),
    );
    expect(idsOf(await list(server.adminToken, 'status=rejected'))).toEqual(
      expected((s) => s.status === 'rejected'),
    );
    expect(idsOf(await list(server.adminToken, 'status=accepted'))).toEqual(
      expected((s) => s.status === 'accepted'),
    );
    // The test clock uploads on 1 Nov 2019 (Bangkok).
    expect(idsOf(await list(server.adminToken, 'from=2019-11-01&to=2019-11-01'))).toEqual(
      expected(() => true),
    );
    expect(idsOf(await list(server.adminToken, 'from=2019-11-02'))).toEqual([]);
    expect(idsOf(await list(server.adminToken, 'to=2019-10-31'))).toEqual([]);
  });

  it('when pages are asked for then each holds its slice, newest first, and the size is bounded', async () => {
    const newest = expected(() => true);
    const first = await list(server.adminToken, 'size=3&page=1');
    const second = await list(server.adminToken, 'size=3&page=2');
    expect(first).toMatchObject({ page: 1, size: 3, total: 4, pages: 2 });
    expect(idsOf(first)).toEqual(newest.slice(0, 3));
    expect(idsOf(second)).toEqual(newest.slice(3));
    expect(idsOf(await list(server.adminToken, 'size=3&page=3'))).toEqual([]);
    expect((await withToken(server, server.adminToken, '/api/ingestion/submissions?size=101')).status).toBe(
      400,
    );
    expect(
      (await withToken(server, server.adminToken, '/api/ingestion/submissions?from=1.11.2019')).status,
    ).toBe(400);
  });

  it('when a province user lists then only its province shows and another province is refused', async () => {
    expect(idsOf(await list(clerk, 'size=100'))).toEqual(expected((s) => s.lao !== null));
    expect(idsOf(await list(clerk, 'province=42'))).toEqual(expected((s) => s.lao !== null));
    expect((await withToken(server, clerk, '/api/ingestion/submissions?province=81')).status).toBe(403);
    expect(idsOf(await list(server.adminToken, 'province=81'))).toEqual([]);
  });

  it('when the status page is shown then file names are text, queues are counted and only admins see failed jobs', async () => {
    const page = await withToken(server, server.adminToken, '/ingestion?status=rejected');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('&lt;script&gt;alert(1).xlsx');
    expect(html).not.toContain('<script>alert(1)');
    for (const id of expected((s) => s.status === 'rejected'))
      expect(html).toContain(`data-submission="${id}"`);
    for (const id of expected((s) => s.status !== 'rejected'))
      expect(html).not.toContain(`data-submission="${id}"`);
    expect(html).toContain('data-testid="queue-stats"');
    expect(html).toContain('งานที่ล้มเหลว');
    const stats = (await (await withToken(server, viewer, '/api/ingestion/queues')).json()) as {
      queues: Array<{ queue: string }>;
      finished: number;
    };
    expect(stats.queues.map((q) => q.queue)).toEqual(['parse', 'load']);
    // At least the four register, parse and load jobs of the uploads above finished within minutes.
    expect(stats.finished).toBeGreaterThanOrEqual(4);
    const viewerPage = await (await withToken(server, viewer, '/ingestion')).text();
    expect(viewerPage).not.toContain('งานที่ล้มเหลว');
    expect((await withToken(server, viewer, '/api/ingestion/failed')).status).toBe(403);
  });

  it('when an admin retries a failed job then it runs again, and a province user may not', async () => {
    // A job the loader cannot run fails for good at once: a stand-in for any failed job.
    const job = await server.loader.queues.load.add('unknown-kind', {}, { attempts: 1 });
    const attemptsOf = async () => (await Job.fromId(server.loader.queues.load, job.id!))!;
    while (!(await (await attemptsOf()).isFailed())) await new Promise((resolve) => setTimeout(resolve, 50));
    const failed = (await (await withToken(server, server.adminToken, '/api/ingestion/failed')).json()) as {
      jobs: Array<{ queue: string; id: string; name: string; attempts: number }>;
    };
    expect(failed.jobs).toContainEqual(
      expect.objectContaining({ queue: 'load', id: job.id, name: 'unknown-kind', attempts: 1 }),
    );
    const path = `/api/ingestion/jobs/load/${job.id}/retry`;
    expect((await withToken(server, clerk, path, { method: 'POST' })).status).toBe(403);
    expect((await attemptsOf()).attemptsMade).toBe(1);
    expect((await withToken(server, server.adminToken, path, { method: 'POST' })).status).toBe(202);
    let again = await attemptsOf();
    while (again.attemptsMade < 2 || !(await again.isFailed())) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      again = await attemptsOf();
    }
    expect(again.attemptsMade).toBe(2);
    expect(
      (
        await withToken(server, server.adminToken, '/api/ingestion/jobs/load/no-such-job/retry', {
          method: 'POST',
        })
      ).status,
    ).toBe(404);
  });
});
