import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../pipeline/db/database.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile, type RecordRow } from '../helpers/workbook.ts';
import { IN_WINDOW, badChecksum, loadSmallRegistry, validId } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runtimePaths } from '../../pipeline/config.ts';
import { groupStagingDir } from '../../pipeline/staging/write-staging.ts';
import {
  ingestUploads,
  submitUploads,
  waitForRegistration,
  waitForReports,
  type Upload,
} from '../../workers/intake.ts';
import { scheduleWindowDedup } from '../../workers/processors/dedup.ts';

const INFO = { institution_code: '3042000001', academic_year: 2562, term: 2, teachers: 12, classrooms: 8 };

function pupil(n: number, overrides: Partial<Record<string, string | number | null>> = {}): RecordRow {
  return {
    national_id: validId(`11037024${String(1000 + n)}`),
    prefix: n % 2 === 0 ? 'ด.ช.' : 'ด.ญ.',
    first_name: `ทดสอบ${n}`,
    last_name: 'ใจดี',
    sex: n % 2 === 0 ? 'ชาย' : 'หญิง',
    birth_date: '05/03/2556',
    grade: 'ป.1',
    room: '1',
    ...overrides,
  };
}

function roster(rows: RecordRow[], info: Record<string, string | number> = INFO): Uint8Array {
  return writeTemplateFile(SIS_STUDENTS, { info, rows });
}

describe('ingestion through the queue into DuckDB', () => {
  // The tests share one pipeline (data folder, DuckDB file, queue prefix) but not its data: before
  // each, the warehouse is emptied and the registry loaded again, and each sends its own files.
  let h: Harness;
  const pupilsOf = (code: string) =>
    queryRows<{ national_id: string; submission_id: bigint; row_number: number; birth_date: Date }>(
      h.loader.database.db,
      'SELECT national_id, submission_id, row_number, birth_date FROM pupils WHERE institution_code = $1 ORDER BY row_number',
      [code],
    );

  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(async () => {
    await h.reset();
    await loadSmallRegistry(h.loader);
  });
  afterAll(async () => h?.close());

  it('when a good roster arrives then every pupil is counted with its lineage', async () => {
    const report = await h.ingest(roster([pupil(1), pupil(2), pupil(3)]), 'good.xlsx', { asOf: IN_WINDOW });
    expect(report).toMatchObject({
      status: 'accepted',
      template: 'sis-students',
      institutionCode: '3042000001',
      round: '2562-2',
      rows: { total: 3, accepted: 3, rejected: 0 },
    });
    const rows = await pupilsOf('3042000001');
    expect(rows.map((r) => r.row_number)).toEqual([2, 3, 4]);
    expect(rows[0]?.birth_date.toISOString().slice(0, 10)).toBe('2013-03-05');
    expect(rows.every((r) => Number(r.submission_id) === report.submissionId)).toBe(true);
  });

  it('when the same bytes arrive again then the file is unchanged and nothing is reloaded', async () => {
    const bytes = roster([pupil(1), pupil(2), pupil(3)]);
    const first = await h.ingest(bytes, 'again.xlsx', { asOf: IN_WINDOW });
    const second = await h.ingest(bytes, 'again-copy.xlsx', { asOf: IN_WINDOW });
    expect(second.status).toBe('unchanged');
    expect(second.submissionId).toBe(first.submissionId);
    expect(second.file).toBe('again-copy.xlsx');
  });

  it('when a row has a bad checksum then that row is rejected at its cell and the rest counts', async () => {
    const bad = badChecksum(validId('110370249999'));
    const report = await h.ingest(
      roster([pupil(1), pupil(2, { national_id: bad }), pupil(3)]),
      'partial.xlsx',
      {
        asOf: IN_WINDOW,
      },
    );
    expect(report.status).toBe('partial');
    expect(report.rows).toEqual({ total: 3, accepted: 2, rejected: 1 });
    expect(report.issues).toContainEqual({
      severity: 'error',
      code: 'cell/national-id-checksum',
      sheet: 'นักเรียน',
      cell: 'A3',
      row: 3,
      column: 'เลขประจำตัวประชาชน',
      field: 'national_id',
      value: bad,
      message: expect.stringContaining('หลักตรวจสอบ'),
    });
    expect((await pupilsOf('3042000001')).map((r) => r.row_number)).toEqual([2, 4]);
  });

  it('when a corrected roster is re-uploaded then it replaces the earlier one whole', async () => {
    const before = await h.ingest(roster([pupil(1), pupil(2)]), 'v1.xlsx', { asOf: IN_WINDOW });
    const after = await h.ingest(roster([pupil(5), pupil(6), pupil(7)]), 'v2.xlsx', { asOf: IN_WINDOW });
    expect(after.status).toBe('accepted');
    const rows = await pupilsOf('3042000001');
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => Number(r.submission_id)))).toEqual(new Set([after.submissionId]));
    const subs = await queryRows<{ is_current: boolean; superseded_by: bigint | null }>(
      h.loader.database.db,
      'SELECT is_current, superseded_by FROM submissions WHERE submission_id = $1',
      [before.submissionId],
    );
    expect(subs[0]).toEqual({ is_current: false, superseded_by: BigInt(after.submissionId) });
  });

  it('when two versions of one roster arrive together then the later-registered one counts, alone', async () => {
    const [a, b] = await Promise.all([
      h.ingest(roster([pupil(11), pupil(12)]), 'va.xlsx', { asOf: IN_WINDOW }),
      h.ingest(roster([pupil(13), pupil(14), pupil(15)]), 'vb.xlsx', { asOf: IN_WINDOW }),
    ]);
    const newer = Math.max(a.submissionId, b.submissionId);
    const older = Math.min(a.submissionId, b.submissionId);
    const rows = await pupilsOf('3042000001');
    expect(new Set(rows.map((r) => Number(r.submission_id)))).toEqual(new Set([newer]));
    expect(rows).toHaveLength(newer === b.submissionId ? 3 : 2);
    const subs = await queryRows<{
      submission_id: bigint;
      is_current: boolean;
      superseded_by: bigint | null;
    }>(
      h.loader.database.db,
      'SELECT submission_id, is_current, superseded_by FROM submissions WHERE submission_id IN ($1, $2) ORDER BY submission_id',
      [older, newer],
    );
    expect(subs).toEqual([
      { submission_id: BigInt(older), is_current: false, superseded_by: BigInt(newer) },
      { submission_id: BigInt(newer), is_current: true, superseded_by: null },
    ]);
  });

  it('when a file arrives after the window closes then it is rejected and the counted roster stays', async () => {
    expect((await h.ingest(roster([pupil(1), pupil(2)]), 'on-time.xlsx', { asOf: IN_WINDOW })).status).toBe(
      'accepted',
    );
    const counted = await pupilsOf('3042000001');
    expect(counted).toHaveLength(2);
    const late = await h.ingest(roster([pupil(8)]), 'late.xlsx', { asOf: new Date('2019-11-15T17:00:01Z') });
    expect(late.status).toBe('rejected');
    expect(late.issues.map((i) => i.code)).toEqual(['file/window-closed']);
    expect(await pupilsOf('3042000001')).toEqual(counted);
  });

  it('when the same late file is back-filled with an as-of inside the window then it is accepted', async () => {
    const report = await h.ingest(roster([pupil(8)]), 'late.xlsx', {
      asOf: new Date('2019-11-15T16:59:59Z'),
    });
    expect(report.status).toBe('accepted');
  });

  it('when the institution is not in the registry or closed then the file is rejected', async () => {
    const unknown = await h.ingest(
      roster([pupil(1)], { ...INFO, institution_code: '3042999999' }),
      'u.xlsx',
      { asOf: IN_WINDOW },
    );
    const closed = await h.ingest(roster([pupil(1)], { ...INFO, institution_code: '3042000009' }), 'c.xlsx', {
      asOf: IN_WINDOW,
    });
    expect(unknown.issues.map((i) => i.code)).toEqual(['file/institution-unknown']);
    expect(closed.status).toBe('rejected');
    expect(closed.issues.map((i) => i.code)).toContain('file/institution-closed');
  });

  it('when the bytes are not a spreadsheet then the report says so and nothing is counted', async () => {
    const report = await h.ingest(new TextEncoder().encode('\u0000\u0001garbage\u0002'), 'junk.xlsx', {
      asOf: IN_WINDOW,
    });
    expect(report.status).toBe('rejected');
    expect(report.issues[0]?.code).toBe('file/unreadable');
  });
});

describe('duplicate detection during a window', () => {
  it('when a round window is open then detection repeats until it closes, and closed rounds lose their schedule', async () => {
    const h = await startHarness({ parseWorker: false });
    try {
      const day = 86_400_000;
      const now = new Date();
      const iso = (offset: number) => new Date(now.getTime() + offset).toISOString();
      const rounds = [
        { round_id: '2569-2', opens_at: iso(-day), closes_at: iso(day) },
        { round_id: '2569-1', opens_at: iso(-9 * day), closes_at: iso(-2 * day) },
      ];
      await h.loader.queues.load.upsertJobScheduler(
        'dedup-window-2569-1',
        { every: 60_000 },
        { name: 'dedup', data: { roundId: '2569-1' } },
      );
      expect(await scheduleWindowDedup(h.loader.queues, rounds, now)).toEqual(['2569-2']);
      const schedulers = await h.loader.queues.load.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.endDate, s.every])).toEqual([
        ['dedup-window-2569-2', Date.parse(iso(day)), 30 * 60_000],
      ]);
    } finally {
      await h.close();
    }
  });
});

describe('files sent together', () => {
  const upload = (bytes: Uint8Array, fileName: string): Upload => ({
    bytes,
    fileName,
    uploadedBy: 'test',
    uploadedAt: new Date(),
    asOf: IN_WINDOW,
    options: {},
  });
  const junk = new TextEncoder().encode('not a workbook');

  it('when a wave is sent then its files share one parse job and each gets its own report', async () => {
    const h = await startHarness();
    try {
      await loadSmallRegistry(h.loader);
      const deps = { queues: h.loader.queues, paths: runtimePaths(h.config) };
      const bytes = roster([pupil(1), pupil(2)]);
      const reports = await ingestUploads(
        deps,
        [upload(bytes, 'a.xlsx'), upload(junk, 'junk.xlsx'), upload(bytes, 'a-again.xlsx')],
        60_000,
      );
      expect(reports.map((r) => [r.file, r.status])).toEqual([
        ['a.xlsx', 'accepted'],
        ['junk.xlsx', 'rejected'],
        ['a-again.xlsx', 'accepted'],
      ]);
      expect(reports[2]!.submissionId).toBe(reports[0]!.submissionId);
      const parses = await h.loader.queues.parse.getJobs(['completed']);
      expect(parses.map((j) => (j.data as { files: unknown[] }).files.length)).toEqual([2]);
    } finally {
      await h.close();
    }
  });

  it('when one file of a group cannot be parsed for good then it fails alone and its group-mates count', async () => {
    const h = await startHarness({ parseWorker: false });
    try {
      await loadSmallRegistry(h.loader);
      const deps = { queues: h.loader.queues, paths: runtimePaths(h.config) };
      const submitted = await submitUploads(deps, [
        upload(roster([pupil(3)]), 'good.xlsx'),
        upload(junk, 'lost.xlsx'),
      ]);
      const registered = await waitForRegistration(deps, submitted, 60_000);
      const lost = submitted.files[1]!.sha256;
      await rm(path.join(deps.paths.uploads, lost.slice(0, 2), lost));
      await h.startParser();
      const [good, failed] = await waitForReports(deps, submitted, registered, 60_000);
      expect(good!.status).toBe('accepted');
      expect(failed!.status).toBe('rejected');
      expect(failed!.issues.map((i) => i.code)).toEqual(['file/processing-failed']);
    } finally {
      await h.close();
    }
  });
});

describe('a group that cannot be loaded', () => {
  it('when its staging is broken for good then its files close as processing-failed, not queued', async () => {
    const h = await startHarness({ parseWorker: false });
    try {
      await loadSmallRegistry(h.loader);
      const deps = { queues: h.loader.queues, paths: runtimePaths(h.config) };
      const now = new Date();
      const submitted = await submitUploads(deps, [
        {
          bytes: roster([pupil(4)]),
          fileName: 'broken.xlsx',
          uploadedBy: 'test',
          uploadedAt: now,
          asOf: IN_WINDOW,
          options: {},
        },
      ]);
      const registered = await waitForRegistration(deps, submitted, 60_000);
      const part = path.join(groupStagingDir(deps.paths.staging, registered[0]!.group!), 'group');
      await mkdir(part, { recursive: true });
      await writeFile(path.join(part, 'summaries.json'), '{ not json');
      await h.startParser();
      const [report] = await waitForReports(deps, submitted, registered, 60_000);
      expect(report!.status).toBe('rejected');
      expect(report!.issues.map((i) => i.code)).toEqual(['file/processing-failed']);
      const [row] = await queryRows<{ status: string; finished: boolean }>(
        h.loader.database.db,
        'SELECT status, finished_at IS NOT NULL AS finished FROM submissions WHERE submission_id = $1',
        [report!.submissionId],
      );
      expect(row).toEqual({ status: 'rejected', finished: true });
    } finally {
      await h.close();
    }
  });
});

describe('duplicate detection after loads', () => {
  it('when files are still on their way then a debounced run steps aside and runs once they are loaded', async () => {
    const h = await startHarness({ parseWorker: false, env: { SIS_DEDUP_DEBOUNCE_MS: '300' } });
    try {
      await loadSmallRegistry(h.loader);
      const { load, parse, loadEvents } = h.loader.queues;
      const report = h.ingest(roster([pupil(1), pupil(2)]), 'wave.xlsx', { asOf: IN_WINDOW });
      await until(async () => (await parse.getJobCounts('waiting')).waiting! > 0);
      const early = await load.add('dedup', { roundId: '2562-2', afterLoads: true });
      expect(await early.waitUntilFinished(loadEvents, 20_000)).toEqual({ deferred: true });

      await h.startParser();
      expect((await report).status).toBe('accepted');
      const ran = await until(async () => {
        const done = await load.getJobs(['completed']);
        return done.find((j) => j.data.roundId === '2562-2' && j.returnvalue?.runId !== undefined);
      });
      expect(ran.returnvalue).toMatchObject({ roundId: '2562-2', rowsScanned: 2 });
    } finally {
      await h.close();
    }
  }, 40_000);
});

/** Polls until `probe` gives a truthy value (at most 30 s). */
async function until<T>(probe: () => Promise<T>): Promise<NonNullable<T>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
