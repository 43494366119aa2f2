import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_SHEET } from '../../pipeline/annotate/summary-sheet.ts';
import { annotatedPath } from '../../pipeline/storage/annotated-store.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { readSubmissionReport } from '../../pipeline/load/submission-report.ts';
import { requestAnnotation } from '../../workers/annotations.ts';
import { jobIds } from '../../workers/contract.ts';
import { writeRosterWorkbook } from '../helpers/exceljs-roster.ts';
import { rosterColumn } from '../helpers/exceljs-workbook.ts';
import { badChecksum, validId } from '../support/fixtures.ts';
import { sleep, until } from '../support/fault-processes.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

const INFO = { institution_code: '3042000001', academic_year: 2562, term: 2 };
const ID = rosterColumn(SIS_STUDENTS, 'national_id');
/** A G-code issued in Bangkok (10) for a pupil of a school in Loei (42): the loader warns, not the parser. */
const BANGKOK_G_CODE = 'G621000000001';

function pupil(nationalId: string, firstName: string) {
  return {
    national_id: nationalId,
    prefix: 'ด.ช.',
    first_name: firstName,
    last_name: 'ทดสอบ',
    sex: 'ชาย',
    birth_date: '01/02/2556',
    grade: 'ป.1',
  };
}

/** Rows 2–4: a clean pupil, a broken checksum (a parse error), a G-code of another province (a load warning). */
function roster(): Promise<Uint8Array> {
  return writeRosterWorkbook(SIS_STUDENTS, {
    info: INFO,
    rows: [
      pupil(validId('110370249001'), 'ดี'),
      pupil(badChecksum(validId('110370249002')), 'ผิด'),
      pupil(BANGKOK_G_CODE, 'จีโค้ด'),
    ],
  });
}

function asAdmin(server: TestServer, url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${url}`, { ...init, headers: { authorization: `Bearer ${server.adminToken}` } });
}

async function upload(
  server: TestServer,
  bytes: Uint8Array,
): Promise<{ submissionId: number; sha256: string }> {
  const body = new FormData();
  body.append('file', new Blob([bytes]), 'รร.หมายเหตุ.xlsx');
  const res = await asAdmin(server, '/api/uploads', { method: 'POST', body });
  expect(res.status).toBe(202);
  return (await res.json()) as { submissionId: number; sha256: string };
}

/** Asks until the workbook is served; every answer before is 202 with Retry-After and a Thai message. */
async function annotated(server: TestServer, id: number): Promise<{ bytes: Buffer; waited: number }> {
  for (let waited = 0; waited < 300; waited++) {
    const res = await asAdmin(server, `/submissions/${id}/annotated.xlsx`);
    if (res.status === 200) {
      expect(res.headers.get('content-disposition')).toContain('.xlsx');
      return { bytes: Buffer.from(await res.arrayBuffer()), waited };
    }
    expect(res.status).toBe(202);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.text()).toMatch(/กรุณา/u);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`annotated workbook of ${id} never served`);
}

interface Mark {
  readonly fill: string | undefined;
  readonly note: string;
}

async function marksOf(
  bytes: Buffer,
): Promise<{ sheets: string[]; cells: Map<string, Mark>; summary: string }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheet = book.getWorksheet(SIS_STUDENTS.roster.sheet)!;
  const cells = new Map<string, Mark>();
  for (const row of [2, 3, 4]) {
    const cell = sheet.getCell(`${ID}${row}`);
    const fill = cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined;
    const note = cell.note;
    const text = typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join('');
    cells.set(`${ID}${row}`, { fill, note: text });
  }
  const summary: string[] = [];
  book.getWorksheet(SUMMARY_SHEET)!.eachRow((row) => summary.push(JSON.stringify(row.values)));
  return { sheets: book.worksheets.map((ws) => ws.name), cells, summary: summary.join('\n') };
}

describe('the annotated workbook over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when a file is loaded then nothing is built until its workbook is asked for; then a child builds it once, with the parser’s and the loader’s marks, served byte-identical even after the upload is gone', async () => {
    const { submissionId, sha256 } = await upload(server, await roster());
    await untilFinished(server, submissionId);
    await sleep(300);
    expect(await server.loader.queues.annotate.getJob(jobIds.annotate(submissionId))).toBeUndefined();
    await expect(stat(annotatedPath(server.paths.annotated, submissionId))).rejects.toThrow(/ENOENT/u);

    const first = await annotated(server, submissionId);
    expect(first.waited).toBeGreaterThan(0);
    const again = await annotated(server, submissionId);
    await rm(path.join(server.paths.uploads, sha256.slice(0, 2), sha256));
    const afterDelete = await annotated(server, submissionId);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(afterDelete.bytes.equals(first.bytes)).toBe(true);
    expect(again.waited + afterDelete.waited).toBe(0);

    const { sheets, cells, summary } = await marksOf(first.bytes);
    expect(sheets[0]).toBe(SUMMARY_SHEET);
    expect(cells.get(`${ID}2`)).toEqual({ fill: undefined, note: '' });
    expect(cells.get(`${ID}3`)?.fill).toBe('FFFF0000');
    expect(cells.get(`${ID}3`)?.note).toContain('(cell/national-id-checksum)');
    expect(cells.get(`${ID}4`)?.fill).toBe('FFFFFF00');
    expect(cells.get(`${ID}4`)?.note).toContain('(cell/g-code-province)');
    expect(summary).toContain('cell/national-id-checksum');
    expect(summary).toContain('cell/g-code-province');
  });

  it('when a built workbook is gone from disk then a child builds it again on the next request', async () => {
    const { submissionId } = await upload(server, await roster());
    await annotated(server, submissionId);
    await rm(annotatedPath(server.paths.annotated, submissionId));

    const rebuilt = await annotated(server, submissionId);
    expect(rebuilt.waited).toBeGreaterThan(0);
    const own = await server.loader.queues.annotate.getJob(jobIds.annotate(submissionId));
    expect(await own?.getState()).toBe('completed');
    const { cells } = await marksOf(rebuilt.bytes);
    expect(cells.get(`${ID}3`)?.note).toContain('(cell/national-id-checksum)');
    expect(cells.get(`${ID}4`)?.note).toContain('(cell/g-code-province)');
  });

  it('when the workbook cannot be stored for a while then its job waits without spending an attempt, and it is built once storage is back', async () => {
    const { submissionId } = await upload(server, await roster());
    await untilFinished(server, submissionId);
    // The workbook's folder is a file: storing it fails until the folder can be made again.
    const folder = path.dirname(annotatedPath(server.paths.annotated, submissionId));
    await rm(folder, { recursive: true, force: true });
    await writeFile(folder, 'not a folder');
    const deps = { queues: server.loader.queues, paths: server.paths };
    const state = await requestAnnotation(deps, submissionId, () =>
      readSubmissionReport(server.loader.db, submissionId),
    );
    expect(state).toBe('pending');
    const job = async () => (await server.loader.queues.annotate.getJob(jobIds.annotate(submissionId)))!;
    await until(async () => (await (await job()).getState()) === 'delayed');
    await sleep(2500);
    expect(await (await job()).getState()).not.toBe('failed');
    expect((await job()).attemptsMade).toBe(0);

    await rm(folder, { force: true });
    await until(async () => (await (await job()).getState()) === 'completed');
    const built = await annotated(server, submissionId);
    expect(built.waited).toBe(0);
    expect((await marksOf(built.bytes)).cells.get(`${ID}3`)?.note).toContain('(cell/national-id-checksum)');
  });

  it('when a submission does not exist then the answer is 404 and nothing is asked of a child', async () => {
    const before = await server.loader.queues.annotate.getJobCounts();
    const res = await asAdmin(server, '/submissions/999999/annotated.xlsx');
    expect(res.status).toBe(404);
    expect(await server.loader.queues.annotate.getJobCounts()).toEqual(before);
  });
});

/** Waits until the file is checked and loaded, without asking for its workbook. */
async function untilFinished(server: TestServer, id: number): Promise<void> {
  await until(async () => {
    const res = await asAdmin(server, `/api/submissions/${id}`);
    return ((await res.json()) as { status: string }).status !== 'queued';
  }, 30_000);
}
