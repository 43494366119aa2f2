import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeRosterWorkbook } from '../helpers/exceljs-roster.ts';
import { IN_WINDOW, validId } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

describe('marking a record over HTTP', () => {
  let server: TestServer;
  let submissionId: number;
  const tokens: Record<string, string> = {};
  const post = (body: unknown, who = 'loei') =>
    fetch(`${server.url}/api/records/mark`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
      body: JSON.stringify(body),
    });
  const asAdmin = () => ({ authorization: `Bearer ${server.adminToken}` });

  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, role, province] of [
      ['loei', 'province', '42'],
      ['bangkok', 'province', '10'],
      ['analyst', 'analyst', undefined],
    ] as const)
      tokens[name] = (await server.addAccount(name, role, province)).token;
    const bytes = await writeRosterWorkbook(SIS_STUDENTS, {
      info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
      rows: [
        {
          national_id: validId('110370280001'),
          prefix: 'ด.ช.',
          first_name: 'ไม่มี',
          last_name: 'ตัวตน',
          sex: 'ชาย',
          birth_date: '01/02/2556',
          grade: 'ป.1',
        },
      ],
    });
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'roster.xlsx');
    const upload = (await (
      await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: asAdmin() })
    ).json()) as {
      submissionId: number;
    };
    submissionId = upload.submissionId;
    for (let i = 0; i < 200; i++) {
      const report = (await (
        await fetch(`${server.url}/api/submissions/${submissionId}`, { headers: asAdmin() })
      ).json()) as SubmissionReport;
      if (report.status !== 'queued') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when a mark is posted then it is kept for the current round, by the signed-in account, and answered 201', async () => {
    const res = await post({
      institution: '3042000001',
      submission: submissionId,
      row: 2,
      outcome: 201,
      note: 'ไม่มีตัวตน',
    });

    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      decisionId: 1,
      roundId: '2562-2',
      institutionCode: '3042000001',
      personKind: 'pupil',
      submissionId,
      sheet: 'นักเรียน',
      row: 2,
      outcome: 201,
      note: 'ไม่มีตัวตน',
      decidedBy: 'loei',
      decidedAt: IN_WINDOW.toISOString(),
    });
  });

  it('when another province or an analyst marks a record then the answer is 403', async () => {
    const body = { institution: '3042000001', submission: submissionId, row: 2, outcome: 203, note: 'ย้าย' };
    expect((await post(body, 'bangkok')).status).toBe(403);
    expect((await post(body, 'analyst')).status).toBe(403);
  });

  it('when a mark names no record, an unknown outcome or no note then the answer is 400', async () => {
    const base = { institution: '3042000001', submission: submissionId, row: 2, outcome: 203, note: 'ย้าย' };
    for (const body of [
      { ...base, row: 9 },
      { ...base, outcome: 207 },
      { ...base, note: '' },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
    }
  });
});
