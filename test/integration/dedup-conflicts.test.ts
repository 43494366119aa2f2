import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { queryRows } from '../../pipeline/db/database.ts';
import { replaceRegistry } from '../../pipeline/db/registry-repository.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { listConflicts, runDedupNow } from '../../workers/intake.ts';
import { writeRosterWorkbook, type RosterRow } from '../helpers/exceljs-roster.ts';
import { IN_WINDOW, SMALL_REGISTRY, validId } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

const ROUND = '2562-2';
const SCHOOL_A = '3042000001';
const SCHOOL_B = '3042000002';
const DECIDED_AT = '2019-11-06T02:00:00.000Z';

function pupil(n: number): RosterRow {
  return {
    national_id: validId(`11037027${String(1000 + n)}`),
    prefix: 'ด.ช.',
    first_name: `สองที่${n}`,
    last_name: 'เรียนซ้อน',
    sex: 'ชาย',
    birth_date: '05/03/2556',
    grade: 'ป.1',
  };
}

const roster = (institution: string, rows: RosterRow[]) =>
  writeRosterWorkbook(SIS_STUDENTS, {
    info: { institution_code: institution, academic_year: 2562, term: 2 },
    rows,
  });

describe('a cluster both institutions answer 100', () => {
  let h: Harness;
  let clusterId: string;
  const shared = pupil(1);
  const submissions: Record<string, number> = {};
  const deps = () => ({ queues: h.loader.queues, paths: runtimePaths(h.config) });
  const job = async (name: string, data: Record<string, unknown>) => {
    const added = await h.loader.queues.load.add(name, data);
    return added.waitUntilFinished(h.loader.queues.loadEvents, 30_000);
  };
  const status = async () =>
    (
      await queryRows<{ status: string }>(
        h.loader.database.connection,
        'SELECT status FROM dedup_cluster_status WHERE round_id = $1 AND cluster_id = $2',
        [ROUND, clusterId],
      )
    )[0]?.status;
  const answer = (institutionCode: string, outcome: number) =>
    job('dedup-decide', {
      roundId: ROUND,
      member: { clusterId, institutionCode, submissionId: submissions[institutionCode], row: 2 },
      outcome,
      decidedBy: `clerk-${institutionCode}`,
      decidedAt: DECIDED_AT,
    });

  beforeAll(async () => {
    h = await startHarness();
    const registry = {
      ...SMALL_REGISTRY,
      institutions: [
        ...SMALL_REGISTRY.institutions,
        {
          institution_code: SCHOOL_B,
          institution_name: 'โรงเรียนบ้านตัวอย่าง',
          kind: 'school' as const,
          lao_code: '4200102',
          status: 'open' as const,
        },
      ],
    };
    await h.loader.exclusive((c) => replaceRegistry(c, registry, 'test', IN_WINDOW));
    for (const [code, rows] of [
      [SCHOOL_A, [shared, pupil(2)]],
      [SCHOOL_B, [shared, pupil(3)]],
    ] as const) {
      const report = await h.ingest(await roster(code, [...rows]), `${code}.xlsx`, { asOf: IN_WINDOW });
      expect(report.status).toBe('accepted');
      submissions[code] = report.submissionId;
    }
    const result = await runDedupNow(deps(), ROUND);
    expect(result.clusterList.map((c) => c.rule)).toEqual(['same-id']);
    clusterId = result.clusterList[0]!.clusterId;
  });
  afterAll(async () => h?.close());

  it('when one institution has answered 100 then the cluster is open and not escalated', async () => {
    await answer(SCHOOL_A, 100);

    expect(await status()).toBe('open');
    expect(await listConflicts(deps(), ROUND)).toEqual({ round: ROUND, clusters: 0, clusterList: [] });
  });

  it('when both institutions answer 100 then the cluster is in conflict and listed for the province', async () => {
    await answer(SCHOOL_B, 100);
    const member = (institutionCode: string, laoCode: string) => ({
      institutionCode,
      laoCode,
      provinceCode: '42',
      submissionId: submissions[institutionCode],
      sheet: 'นักเรียน',
      row: 2,
      nationalId: shared.national_id,
      firstName: shared.first_name,
      lastName: shared.last_name,
      birthDate: '2013-03-05',
      outcome: 100,
      decidedBy: `clerk-${institutionCode}`,
      decidedAt: DECIDED_AT,
    });

    expect(await status()).toBe('conflict');
    expect(await listConflicts(deps(), ROUND, '42')).toEqual({
      round: ROUND,
      clusters: 1,
      clusterList: [
        {
          clusterId,
          rule: 'same-id',
          status: 'conflict',
          provinceCodes: ['42'],
          members: [member(SCHOOL_A, '4200101'), member(SCHOOL_B, '4200102')],
        },
      ],
    });
    expect((await listConflicts(deps(), ROUND, '81')).clusters).toBe(0);
  });

  it('when the province marks one record 203 then the conflict is resolved and the child counts once', async () => {
    await job('record-mark', {
      roundId: ROUND,
      record: { institutionCode: SCHOOL_B, submissionId: submissions[SCHOOL_B], row: 2 },
      outcome: 203,
      note: 'ย้ายไปเรียนที่ 3042000001 ตั้งแต่ ก.ค.',
      decidedBy: 'province-42',
      decidedAt: '2019-11-07T02:00:00.000Z',
    });
    const counted = await queryRows<{ institution_code: string; counts_in_totals: boolean }>(
      h.loader.database.connection,
      'SELECT institution_code, counts_in_totals FROM counted_persons WHERE national_id = $1',
      [String(shared.national_id)],
    );

    expect(await status()).toBe('resolved');
    expect((await listConflicts(deps(), ROUND)).clusters).toBe(0);
    expect(counted).toEqual([{ institution_code: SCHOOL_A, counts_in_totals: true }]);
  });
});
