import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { CCIS_CHILDREN, SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile } from '../helpers/workbook.ts';
import { validId } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

const INFO = { institution_code: '3042000001', academic_year: 2562, term: 2 };

function rosterBytes(): Uint8Array {
  return writeTemplateFile(SIS_STUDENTS, {
    info: INFO,
    rows: [
      {
        national_id: validId('110370240001'),
        prefix: 'ด.ช.',
        first_name: 'เว็บ',
        last_name: 'ทดสอบ',
        sex: 'ชาย',
        birth_date: '01/02/2556',
        grade: 'ป.1',
      },
    ],
  });
}

function form(bytes: Uint8Array, name: string): FormData {
  const data = new FormData();
  data.append('file', new Blob([bytes]), name);
  return data;
}

/** A request as the admin's script makes it: with its API token. */
function asAdmin(server: TestServer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${server.adminToken}` },
  });
}

async function reportOf(server: TestServer, id: number): Promise<SubmissionReport> {
  for (let i = 0; i < 100; i++) {
    const report = (await (await asAdmin(server, `/api/submissions/${id}`)).json()) as SubmissionReport;
    if (report.status !== 'queued') return report;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('submission never finished');
}

describe('HTTP upload', () => {
  // These tests each send their own files and read only what they sent: they share a server.
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when a roster is posted then it is registered at once and its report follows', async () => {
    const res = await asAdmin(server, `/api/uploads`, {
      method: 'POST',
      body: form(rosterBytes(), 'รร.ทดสอบ.xlsx'),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { submissionId: number; status: string };
    expect(body.status).toBe('queued');
    const report = await reportOf(server, body.submissionId);
    expect(report).toMatchObject({
      status: 'accepted',
      file: 'รร.ทดสอบ.xlsx',
      rows: { total: 1, accepted: 1, rejected: 0 },
    });
  });

  it('when the file is larger than the limit then the answer is 413 with a Thai message', async () => {
    const res = await asAdmin(server, `/api/uploads`, {
      method: 'POST',
      body: form(new Uint8Array(1_100_000), 'big.xlsx'),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe('ไฟล์มีขนาดใหญ่เกินกำหนด');
  });

  it('when no file is sent then the answer is 400', async () => {
    const res = await asAdmin(server, `/api/uploads`, { method: 'POST', body: new FormData() });
    expect(res.status).toBe(400);
  });

  it('when a file name carries markup then the report page shows it escaped', async () => {
    const res = await asAdmin(server, `/uploads`, {
      method: 'POST',
      body: form(new Uint8Array([1, 2, 3]), '<img src=x onerror=alert(1)>.xlsx'),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const id = Number(res.headers.get('location')?.split('/').pop());
    await reportOf(server, id);
    const page = await (await asAdmin(server, `/submissions/${id}`)).text();
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;.xlsx');
  });
});

describe('duplicate detection from the web page', () => {
  // Its own server: no other test's uploads or debounced runs reach this round.
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when the dedup button is pressed then a run is recorded and clusters show, IDs masked for viewers only', async () => {
    const id = validId('110370240001');
    const school = await asAdmin(server, `/api/uploads`, {
      method: 'POST',
      body: form(rosterBytes(), 'school.xlsx'),
    });
    await reportOf(server, ((await school.json()) as { submissionId: number }).submissionId);
    const cdc = writeTemplateFile(CCIS_CHILDREN, {
      info: { institution_code: '7042000001', academic_year: 2562, term: 2 },
      rows: [
        {
          national_id: id,
          prefix: 'ด.ช.',
          first_name: 'เว็บ',
          last_name: 'ทดสอบ',
          sex: 'ชาย',
          birth_date: '01/02/2559',
        },
      ],
    });
    const posted = await asAdmin(server, `/api/uploads`, { method: 'POST', body: form(cdc, 'cdc.xlsx') });
    await reportOf(server, ((await posted.json()) as { submissionId: number }).submissionId);
    const run = await asAdmin(server, `/dedup/run?round=2562-2`, { method: 'POST', redirect: 'manual' });
    expect(run.status).toBe(303);
    // A run debounced after the uploads may show first: wait for the cluster of the one asked for.
    let page = '';
    for (let i = 0; i < 100 && !page.includes('data-testid="dedup-cluster"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      page = await (await asAdmin(server, `/dedup?round=2562-2`)).text();
    }
    expect(page).toContain('สำเร็จ');
    expect(page).toContain('เลขประจำตัวซ้ำต่างสถานศึกษา');
    expect(page).toContain(id);
    const { token } = await server.addAccount('viewer', 'viewer');
    const viewer = await (
      await fetch(`${server.url}/dedup?round=2562-2`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(viewer).toContain(`1${'•'.repeat(12)}`);
    expect(viewer).not.toContain(id);
  });
});
