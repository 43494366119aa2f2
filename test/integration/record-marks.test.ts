import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../pipeline/db/database.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeRosterWorkbook, type RosterRow } from '../helpers/exceljs-roster.ts';
import { IN_WINDOW, loadSmallRegistry, validId } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

const ROUND = '2562-2';
const SCHOOL = '3042000001';
const INFO = { institution_code: SCHOOL, academic_year: 2562, term: 2 };
const DECIDED_AT = '2019-11-05T02:00:00.000Z';

function pupil(n: number): RosterRow {
  return {
    national_id: validId(`11037026${String(1000 + n)}`),
    prefix: 'ด.ญ.',
    first_name: `ผี${n}`,
    last_name: 'ไม่มีตัว',
    sex: 'หญิง',
    birth_date: '05/03/2556',
    grade: 'ป.1',
  };
}

describe('marking a counted record with an outcome code', () => {
  let h: Harness;
  let submissionId: number;
  const ghost = pupil(2);

  const counted = async () =>
    (
      await queryRows<{ national_id: string }>(
        h.loader.database.connection,
        'SELECT national_id FROM counted_persons WHERE round_id = $1 AND institution_code = $2 ORDER BY national_id',
        [ROUND, SCHOOL],
      )
    ).map((r) => r.national_id);
  const mark = async (payload: Record<string, unknown>) => {
    const job = await h.loader.queues.load.add('record-mark', {
      roundId: ROUND,
      decidedBy: 'province-42',
      decidedAt: DECIDED_AT,
      ...payload,
    });
    return job.waitUntilFinished(h.loader.queues.loadEvents, 30_000);
  };

  beforeAll(async () => {
    h = await startHarness();
    await loadSmallRegistry(h.loader);
    const report = await h.ingest(
      await writeRosterWorkbook(SIS_STUDENTS, { info: INFO, rows: [pupil(1), ghost, pupil(3)] }),
      'roster.xlsx',
      { asOf: IN_WINDOW },
    );
    expect(report.status).toBe('accepted');
    submissionId = report.submissionId;
  });
  afterAll(async () => h?.close());

  it('when the province marks a child in no duplicate cluster 201 then it leaves the counts and the decision is kept', async () => {
    const result = await mark({
      record: { institutionCode: SCHOOL, submissionId, row: 3 },
      outcome: 201,
      note: 'ตรวจแล้วไม่มีตัวตน',
    });
    const kept = await queryRows<Record<string, unknown>>(
      h.loader.database.connection,
      `SELECT decision_id, round_id, institution_code, national_id, person_kind, sheet, row_number, outcome, note, decided_by, decided_at
       FROM record_decisions`,
    );

    expect(result).toEqual({
      decisionId: 1,
      roundId: ROUND,
      institutionCode: SCHOOL,
      personKind: 'pupil',
      submissionId,
      sheet: 'นักเรียน',
      row: 3,
      outcome: 201,
      note: 'ตรวจแล้วไม่มีตัวตน',
      decidedBy: 'province-42',
      decidedAt: DECIDED_AT,
    });
    expect(kept).toEqual([
      {
        decision_id: 1n,
        round_id: ROUND,
        institution_code: SCHOOL,
        national_id: ghost.national_id,
        person_kind: 'pupil',
        sheet: 'นักเรียน',
        row_number: 3,
        outcome: 201,
        note: 'ตรวจแล้วไม่มีตัวตน',
        decided_by: 'province-42',
        decided_at: new Date(DECIDED_AT),
      },
    ]);
    expect(await counted()).toEqual([pupil(1).national_id, pupil(3).national_id].sort());
  });

  it('when a corrected roster still lists the child then a warning names the decision and the child stays out', async () => {
    const report = await h.ingest(
      await writeRosterWorkbook(SIS_STUDENTS, { info: INFO, rows: [pupil(1), pupil(3), pupil(4), ghost] }),
      'roster-v2.xlsx',
      { asOf: IN_WINDOW },
    );

    expect(report.status).toBe('accepted');
    expect(report.issues).toEqual([
      {
        severity: 'warning',
        code: 'row/excluded-by-decision',
        sheet: 'นักเรียน',
        cell: 'A5',
        row: 5,
        column: null,
        field: 'national_id',
        value: ghost.national_id,
        message:
          'เด็กคนนี้มีผลการตรวจสอบให้ไม่นับในรอบนี้ แถวนี้จึงไม่ถูกนับ: คำตัดสินที่ 1 (ระบุรายคน) 201 ไม่พบตัว โดย province-42 เมื่อ 5/11/2562',
      },
    ]);
    expect(await counted()).toEqual([pupil(1), pupil(3), pupil(4)].map((p) => p.national_id).sort());
    submissionId = report.submissionId;
  });

  it('when the mark is answered 100 then the child counts again', async () => {
    await mark({
      record: { institutionCode: SCHOOL, submissionId, row: 5 },
      outcome: 100,
      note: 'พบตัวแล้ว ย้ายเข้ามาใหม่',
    });

    expect(await counted()).toHaveLength(4);
  });

  it('when a mark names no current record or has no note then it is refused and nothing is kept', async () => {
    await expect(
      mark({ record: { institutionCode: SCHOOL, submissionId, row: 99 }, outcome: 201, note: 'ไม่มี' }),
    ).rejects.toThrow(/no current record of 3042000001/u);
    await expect(
      mark({ record: { institutionCode: SCHOOL, submissionId, row: 2 }, outcome: 203, note: '  ' }),
    ).rejects.toThrow();
    const [kept] = await queryRows<{ n: bigint }>(
      h.loader.database.connection,
      'SELECT count(*) AS n FROM record_decisions',
    );
    expect(kept?.n).toBe(2n);
  });
});
