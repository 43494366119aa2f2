import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { createLogger } from '../../workers/logger.ts';
import { writeTemplateFile } from '../helpers/workbook.ts';
import { validId } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

/** The server's log lines, as pino wrote them. */
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
    done();
  },
});

function roster(): FormData {
  const bytes = writeTemplateFile(SIS_STUDENTS, {
    info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
    rows: [
      {
        national_id: validId('110370271111'),
        prefix: 'ด.ญ.',
        first_name: 'ฟอลต์',
        last_name: 'ทดสอบ',
        sex: 'หญิง',
        birth_date: '01/02/2556',
        grade: 'ป.1',
      },
    ],
  });
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'fault.xlsx');
  return form;
}

describe('faults on pages', () => {
  let server: TestServer;
  let submission: number;
  const asAdmin = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${server.adminToken}` } });

  beforeAll(async () => {
    server = await startTestServer({}, { log: createLogger('test', sink) });
    const posted = (await (await asAdmin('/api/uploads', { method: 'POST', body: roster() })).json()) as {
      submissionId: number;
    };
    submission = posted.submissionId;
    for (let i = 0; i < 100; i++) {
      const report = (await (await asAdmin(`/api/submissions/${submission}`)).json()) as SubmissionReport;
      if (report.status !== 'queued') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => server?.close());

  it('when the database fails under a page then it is a 500 with an error id that the log holds, not a 404', async () => {
    expect((await asAdmin(`/submissions/${submission}`)).status).toBe(200);
    await server.loader.exclusive((db) => sql`DROP TABLE issues`.execute(db));

    const page = await asAdmin(`/submissions/${submission}`);
    expect(page.status).toBe(500);
    const html = await page.text();
    const shown = /รหัสข้อผิดพลาด ([0-9a-f]{8})/u.exec(html)?.[1];
    expect(shown).toBeDefined();
    expect(html).not.toMatch(/issues|Catalog Error|at .*\.ts/u);

    const api = await asAdmin(`/api/submissions/${submission}`);
    expect(api.status).toBe(500);
    const body = (await api.json()) as { error: string; errorId: string };
    expect(body.errorId).toMatch(/^[0-9a-f]{8}$/u);
    expect(body.errorId).not.toBe(shown);

    const logged = lines.filter((l) => l.msg === 'request failed' || l.message === 'request failed');
    expect(logged.map((l) => l.errorId).sort()).toEqual([shown, body.errorId].sort());
    expect(JSON.stringify(logged)).toContain('issues');

    // What does not exist is still a 404, and says so without an error id.
    const missing = await asAdmin('/submissions/999999');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('รหัสข้อผิดพลาด');
  });
});
