import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../pipeline/db/database.ts';
import { withDuckDB } from '../../pipeline/db/kysely-duckdb.ts';
import { MIGRATIONS } from '../../pipeline/db/migrations.ts';
import { replaceRegistry } from '../../pipeline/db/registry-repository.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import {
  CLOSES_2562_2,
  CODES,
  COMPLETENESS_REGISTRY,
  INSTITUTION_KEYS,
  TOP_KEYS,
  TOTAL_KEYS,
  pupil,
  roundFiles,
  schoolRoster,
} from '../support/completeness-fixtures.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

const SERIES = '11037031';
const sortedKeys = (value: object) => Object.keys(value).sort();

interface ContractJson {
  round: string;
  province: string | null;
  closesAt: string;
  totals: Record<string, number>;
  institutions: Array<Record<string, unknown>>;
}

describe('completeness over HTTP', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const ids: Record<string, number> = {};
  const get = (path: string, who = 'admin') =>
    fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${who === 'admin' ? server.adminToken : tokens[who]}` },
    });

  async function upload(bytes: Uint8Array, name: string): Promise<SubmissionReport> {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const posted = await fetch(`${server.url}/api/uploads`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const { submissionId } = (await posted.json()) as { submissionId: number };
    for (let i = 0; i < 300; i++) {
      const report = (await (await get(`/api/submissions/${submissionId}`)).json()) as SubmissionReport;
      if (report.status !== 'queued') return report;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`submission ${submissionId} never finished`);
  }

  beforeAll(async () => {
    server = await startTestServer();
    await server.loader.exclusive((db) =>
      replaceRegistry(db, COMPLETENESS_REGISTRY, 'test', new Date('2019-10-01T00:00:00Z')),
    );
    tokens.loei = (await server.addAccount('loei', 'province', '42')).token;
    tokens.viewer = (await server.addAccount('viewer', 'viewer')).token;
    const files = roundFiles(SERIES);
    for (const key of ['a', 'c', 'r', 'k'] as const) {
      const report = await upload(files[key], `${key}.xlsx`);
      ids[key] = report.submissionId;
      ids[`${key}Status`] = ['accepted', 'partial', 'rejected'].indexOf(report.status);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when the files are loaded then they ended as the test made them (accepted, partial, rejected, accepted)', () => {
    expect([ids.aStatus, ids.cStatus, ids.rStatus, ids.kStatus]).toEqual([0, 1, 2, 0]);
  });

  it('when a province user asks for its province then the JSON has exactly the contract keys, totals and statuses by content', async () => {
    const res = await get('/api/completeness?round=2562-2&province=42', 'loei');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ContractJson;
    expect(sortedKeys(body)).toEqual(TOP_KEYS);
    expect(sortedKeys(body.totals)).toEqual(TOTAL_KEYS);
    for (const row of body.institutions) expect(sortedKeys(row)).toEqual(INSTITUTION_KEYS);
    expect(body.round).toBe('2562-2');
    expect(body.province).toBe('42');
    expect(body.closesAt).toBe(CLOSES_2562_2);
    expect(body.totals).toEqual({
      expected: 4,
      submitted: 3,
      accepted: 1,
      partial: 1,
      rejected: 1,
      notSubmitted: 1,
    });
    // Ordered province, district (Unicode order: วังสะพุง before เมืองเลย), LAO, institution.
    expect(body.institutions).toEqual([
      {
        institutionCode: CODES.schoolR,
        institutionName: 'โรงเรียนบ้านอาร์',
        laoCode: '4200102',
        kind: 'school',
        status: 'rejected',
        pupils: null,
        previousPupils: null,
      },
      {
        institutionCode: CODES.schoolN,
        institutionName: 'โรงเรียนบ้านเอ็น',
        laoCode: '4200102',
        kind: 'school',
        status: 'not-submitted',
        pupils: null,
        previousPupils: null,
      },
      {
        institutionCode: CODES.schoolA,
        institutionName: 'โรงเรียนบ้านเอ',
        laoCode: '4200101',
        kind: 'school',
        status: 'accepted',
        pupils: 3,
        previousPupils: null,
      },
      {
        institutionCode: CODES.cdcC,
        institutionName: 'ศพด.บ้านซี',
        laoCode: '4200101',
        kind: 'cdc',
        status: 'partial',
        pupils: 2,
        previousPupils: null,
      },
    ]);
  });

  it('when a province user gives no province then it sees its own; another province is 403', async () => {
    const own = (await (await get('/api/completeness?round=2562-2', 'loei')).json()) as ContractJson;
    expect(own.province).toBe('42');
    expect(own.institutions.map((i) => i.institutionCode)).not.toContain(CODES.schoolK);
    expect((await get('/api/completeness?round=2562-2&province=81', 'loei')).status).toBe(403);
    expect((await get('/completeness?round=2562-2&province=81', 'loei')).status).toBe(403);
    expect((await get('/completeness/not-submitted.csv?round=2562-2&province=81', 'loei')).status).toBe(403);
  });

  it('when an admin or viewer gives no province then the whole country is counted, the closed school never', async () => {
    for (const who of ['admin', 'viewer']) {
      const body = (await (await get('/api/completeness?round=2562-2', who)).json()) as ContractJson;
      expect(body.province).toBeNull();
      expect(body.totals).toEqual({
        expected: 5,
        submitted: 4,
        accepted: 2,
        partial: 1,
        rejected: 1,
        notSubmitted: 1,
      });
      expect(body.institutions.map((i) => i.institutionCode)).toEqual([
        CODES.schoolR,
        CODES.schoolN,
        CODES.schoolA,
        CODES.cdcC,
        CODES.schoolK,
      ]);
    }
  });

  it('when the query is malformed or the round unknown then 400 and 404', async () => {
    expect((await get('/api/completeness?province=4200')).status).toBe(400);
    expect((await get(`/api/completeness?round=${'9'.repeat(40)}`)).status).toBe(400);
    expect((await get('/api/completeness?round=2500-1')).status).toBe(404);
  });

  it('when the chase list is downloaded as CSV then it lists the rejected and the never-submitted institutions only', async () => {
    const res = await get('/completeness/not-submitted.csv?round=2562-2&province=42', 'loei');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('not-submitted-42-2562-2.csv');
    const lines = (await res.text())
      .replace(/^\uFEFF/u, '')
      .trim()
      .split('\r\n');
    expect(lines).toEqual([
      'จังหวัด (province),อำเภอ (district),รหัส อปท. (LAO code),อปท. (LAO),รหัสสถานศึกษา (institution code),ชื่อสถานศึกษา (institution),ประเภท (kind),สถานะ (status)',
      `42,วังสะพุง,4200102,ทต.ตัวอย่าง,${CODES.schoolR},โรงเรียนบ้านอาร์,โรงเรียน,ไฟล์ไม่ผ่าน`,
      `42,วังสะพุง,4200102,ทต.ตัวอย่าง,${CODES.schoolN},โรงเรียนบ้านเอ็น,โรงเรียน,ยังไม่ส่ง`,
    ]);
  });

  it('when the chase list is downloaded as .xlsx then ExcelJS reads back the same rows', async () => {
    const res = await get('/completeness/not-submitted.xlsx?round=2562-2&province=42', 'loei');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.slice(1)).toEqual([
      ['42', 'วังสะพุง', '4200102', 'ทต.ตัวอย่าง', CODES.schoolR, 'โรงเรียนบ้านอาร์', 'โรงเรียน', 'ไฟล์ไม่ผ่าน'],
      ['42', 'วังสะพุง', '4200102', 'ทต.ตัวอย่าง', CODES.schoolN, 'โรงเรียนบ้านเอ็น', 'โรงเรียน', 'ยังไม่ส่ง'],
    ]);
    expect(rows).toHaveLength(3);
  });

  it('when the page is opened then it shows the totals, the LAOs, the chart as SVG and no script', async () => {
    const res = await get('/completeness?round=2562-2&province=42', 'loei');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('ทต.ตัวอย่าง (4200102)');
    expect(html).toContain('โรงเรียนบ้านอาร์');
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('href="/completeness"');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('โรงเรียนบ้านเค');
    expect(html).not.toContain('โรงเรียนปิดแล้ว');
    // One bar per day of the window, 7 Oct – 15 Nov 2562 (40 days); files came in on one of them.
    expect(html.match(/<rect /gu)).toHaveLength(40);
    expect(html).toContain('<title>2019-11-01: 2 ไฟล์</title>');
  });

  it('when a rejected institution sends a good roster and another replaces its roster then the summary table follows', async () => {
    const fixed = await upload(
      schoolRoster(CODES.schoolR, [pupil(SERIES, 41), pupil(SERIES, 42)]),
      'r2.xlsx',
    );
    const replaced = await upload(
      schoolRoster(CODES.schoolA, [pupil(SERIES, 1), pupil(SERIES, 2), pupil(SERIES, 3), pupil(SERIES, 4)]),
      'a2.xlsx',
    );
    expect([fixed.status, replaced.status]).toEqual(['accepted', 'accepted']);
    const summary = await queryRows<Record<string, unknown>>(
      server.loader.db,
      `SELECT institution_code, status, current_submission_id::INTEGER AS current, pupils, files
       FROM completeness_summary WHERE round_id = '2562-2' AND institution_code IN ('${CODES.schoolA}', '${CODES.schoolR}')
       ORDER BY institution_code`,
    );
    expect(summary).toEqual([
      {
        institution_code: CODES.schoolA,
        status: 'accepted',
        current: replaced.submissionId,
        pupils: 4,
        files: 2,
      },
      {
        institution_code: CODES.schoolR,
        status: 'accepted',
        current: fixed.submissionId,
        pupils: 2,
        files: 2,
      },
    ]);
    const body = (await (await get('/api/completeness?round=2562-2&province=42')).json()) as ContractJson;
    expect(body.totals).toEqual({
      expected: 4,
      submitted: 3,
      accepted: 2,
      partial: 1,
      rejected: 0,
      notSubmitted: 1,
    });
    expect(body.institutions.find((i) => i.institutionCode === CODES.schoolA)?.pupils).toBe(4);
  });

  it('when the summary is emptied and the migration’s backfill runs then it holds the rows the loader kept', async () => {
    const read = () =>
      queryRows<Record<string, unknown>>(
        server.loader.db,
        `SELECT * EXCLUDE (last_submitted_at, last_accepted_at), last_submitted_at::VARCHAR AS s, last_accepted_at::VARCHAR AS a
         FROM completeness_summary ORDER BY round_id, template_id, institution_code`,
      );
    const kept = await read();
    const backfill = MIGRATIONS.find((m) => m.version === 40)!.sql;
    const insert = backfill.slice(backfill.indexOf('INSERT INTO completeness_summary'));
    await server.loader.exclusive((db) =>
      withDuckDB(db, async (c) => {
        await c.run('DELETE FROM completeness_summary');
        await c.run(insert);
      }),
    );
    // A, C, R and K have files; N has none, so no row.
    expect(kept.length).toBe(4);
    expect(await read()).toEqual(kept);
  });
});
