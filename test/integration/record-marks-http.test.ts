import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../bin/web-server.ts';
import { parseConfig } from '../../pipeline/config.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { silentLogger } from '../../workers/logger.ts';
import { writeRosterWorkbook } from '../helpers/exceljs-roster.ts';
import { IN_WINDOW, loadSmallRegistry, validId } from '../support/fixtures.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';

describe('marking a record over HTTP', () => {
  let server: RunningServer;
  let dataDir: string;
  let prefix: string;
  let submissionId: number;

  const post = (body: unknown) =>
    fetch(`${server.url}/api/records/mark`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-http-mark-'));
    prefix = `sis-test-${randomUUID().slice(0, 8)}`;
    const config = parseConfig(
      { SIS_DATA_DIR: dataDir, SIS_QUEUE_PREFIX: prefix, PORT: '0' },
      SHIPPED_REFERENCE_DIR,
    );
    server = await startServer({
      config,
      reference: await loadReference(config.referenceDir),
      log: silentLogger,
      now: () => IN_WINDOW,
    });
    await loadSmallRegistry(server.loader);
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
      await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form })
    ).json()) as {
      submissionId: number;
    };
    submissionId = upload.submissionId;
    for (let i = 0; i < 200; i++) {
      const report = (await (
        await fetch(`${server.url}/api/submissions/${submissionId}`)
      ).json()) as SubmissionReport;
      if (report.status !== 'queued') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    await server?.close();
    await deleteQueueKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when a mark is posted then it is kept for the current round, by web, and answered 201', async () => {
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
      decidedBy: 'web',
      decidedAt: IN_WINDOW.toISOString(),
    });
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
