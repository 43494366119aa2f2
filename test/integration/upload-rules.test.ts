import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../pipeline/db/database.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { scheduleWindowDedup } from '../../workers/processors/dedup.ts';
import { writeRosterWorkbook, type RosterRow } from '../helpers/exceljs-roster.ts';
import { replaceRegistry, type RegistryRecords } from '../../pipeline/db/registry-repository.ts';
import { IN_WINDOW, SMALL_REGISTRY, loadSmallRegistry, validId } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

/** Round 2562-2 closes at the end of 15 Nov 2562, Bangkok: 2019-11-15 17:00 UTC. */
const CLOSES_AT = new Date('2019-11-15T17:00:00.000Z');

function pupil(n: number): RosterRow {
  return {
    national_id: validId(`11037025${String(1000 + n)}`),
    prefix: 'ด.ช.',
    first_name: `ขอบเขต${n}`,
    last_name: 'ทดลอง',
    sex: 'ชาย',
    birth_date: '05/03/2556',
    grade: 'ป.1',
  };
}

const roster = (info: Record<string, string | number | null>, rows: RosterRow[]) =>
  writeRosterWorkbook(SIS_STUDENTS, { info, rows });

describe('the closing instant of a round window', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await loadSmallRegistry(h.loader);
  });
  afterAll(async () => h?.close());

  const info = { institution_code: '3042000001', academic_year: 2562, term: 2 };

  it('when a file is checked at the exact closing instant then it is rejected as late', async () => {
    const report = await h.ingest(await roster(info, [pupil(1)]), 'at-close.xlsx', { asOf: CLOSES_AT });

    expect(report.status).toBe('rejected');
    expect(report.issues).toEqual([
      {
        severity: 'error',
        code: 'file/window-closed',
        sheet: null,
        cell: null,
        row: null,
        column: null,
        field: null,
        value: '2019-11-15T17:00:00.000Z',
        message: 'พ้นกำหนดเวลาส่งข้อมูลของรอบนี้แล้ว: ปิดรับ 15/11/2562 เวลา 24:00 น.',
      },
    ]);
  });

  it('when a file is checked a millisecond before the closing instant then it is accepted', async () => {
    const report = await h.ingest(await roster(info, [pupil(2)]), 'before-close.xlsx', {
      asOf: new Date(CLOSES_AT.getTime() - 1),
    });

    expect(report.status).toBe('accepted');
  });

  it('when the scheduler starts at the exact closing instant then the round gets no repeating detection', async () => {
    // Redis' scheduler compares end dates with the real clock: the window closes now.
    const now = new Date();
    const window = (closesAt: Date) => ({
      round_id: '2569-2',
      opens_at: new Date(now.getTime() - 86_400_000).toISOString(),
      closes_at: closesAt.toISOString(),
    });

    expect(await scheduleWindowDedup(h.loader.queues, [window(now)], now)).toEqual([]);
    expect(
      await scheduleWindowDedup(h.loader.queues, [window(new Date(now.getTime() + 60_000))], now),
    ).toEqual(['2569-2']);
    await h.loader.queues.load.removeJobScheduler('dedup-window-2569-2');
  });
});

/** The small registry with a second open school, of another LAO. */
const TWO_SCHOOLS: RegistryRecords = {
  ...SMALL_REGISTRY,
  institutions: [
    ...SMALL_REGISTRY.institutions,
    {
      institution_code: '3042000002',
      institution_name: 'โรงเรียนบ้านตัวอย่าง',
      kind: 'school',
      lao_code: '4200102',
      status: 'open',
    },
  ],
};

describe('the identity of an upload', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.loader.exclusive((c) => replaceRegistry(c, TWO_SCHOOLS, 'test', IN_WINDOW));
  });
  afterAll(async () => h?.close());

  const countedRows = (institution: string) =>
    queryRows<{ round_id: string; submission_id: bigint }>(
      h.loader.database.connection,
      'SELECT DISTINCT round_id, submission_id FROM pupils WHERE institution_code = $1 ORDER BY round_id',
      [institution],
    );

  it('when the same bytes are sent again with another --institution then they are loaded for it, not unchanged', async () => {
    const bytes = await roster({ institution_code: null, academic_year: 2562, term: 2 }, [
      pupil(3),
      pupil(4),
    ]);
    const first = await h.ingest(bytes, 'no-code.xlsx', {
      asOf: IN_WINDOW,
      options: { subjectCode: '3042000002' },
    });
    const corrected = await h.ingest(bytes, 'no-code.xlsx', {
      asOf: IN_WINDOW,
      options: { subjectCode: '3042000001' },
    });
    const repeated = await h.ingest(bytes, 'no-code.xlsx', {
      asOf: IN_WINDOW,
      options: { subjectCode: '3042000001' },
    });

    expect([first.status, first.institutionCode]).toEqual(['accepted', '3042000002']);
    expect([corrected.status, corrected.institutionCode]).toEqual(['accepted', '3042000001']);
    expect(corrected.submissionId).not.toBe(first.submissionId);
    expect([repeated.status, repeated.submissionId]).toEqual(['unchanged', corrected.submissionId]);
    expect(await countedRows('3042000001')).toEqual([
      { round_id: '2562-2', submission_id: BigInt(corrected.submissionId) },
    ]);
    // The wrong school's copy stays until that school's own roster replaces it.
    expect(await countedRows('3042000002')).toEqual([
      { round_id: '2562-2', submission_id: BigInt(first.submissionId) },
    ]);
  });

  it('when the same bytes are sent again with another --round then they are loaded for that round too', async () => {
    const rows = [5, 6].map((n) => ({ ...pupil(n), birth_date: '05/03/2556', grade: 'ป.6' }));
    const school = await roster({ institution_code: '3042000001', academic_year: null, term: null }, rows);
    const term1 = await h.ingest(school, 'no-round.xlsx', {
      asOf: new Date('2026-06-01T03:00:00Z'),
      options: { roundId: '2569-1' },
    });
    const term2 = await h.ingest(school, 'no-round.xlsx', {
      asOf: new Date('2026-11-01T03:00:00Z'),
      options: { roundId: '2569-2' },
    });

    expect([term1.status, term1.round]).toEqual(['accepted', '2569-1']);
    expect([term2.status, term2.round]).toEqual(['accepted', '2569-2']);
    expect(term2.submissionId).not.toBe(term1.submissionId);
    expect((await countedRows('3042000001')).map((r) => r.round_id)).toEqual(['2562-2', '2569-1', '2569-2']);
  });
});
