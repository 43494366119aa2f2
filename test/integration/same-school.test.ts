import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { OTHER_SCHOOLS } from '../../templates/definitions.ts';
import { readSchoolClaimsResult, runDedupNow } from '../../workers/intake.ts';
import { writeRosterWorkbook, type RosterRow } from '../helpers/exceljs-roster.ts';
import { IN_WINDOW, loadSmallRegistry } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

const ROUND = '2562-2';
/** In the small registry, school 1042000001 belongs to LAO 4200101. */
const REGISTERED = '1042000001';
const UNREGISTERED = '1042999999';

function school(code: string, name: string, boys: number, girls: number): RosterRow {
  return { school_code: code, school_name: name, affiliation: 'สพฐ.', p1_male: boys, p1_female: girls };
}

const otherSchools = (laoCode: string, rows: RosterRow[]) =>
  writeRosterWorkbook(OTHER_SCHOOLS, { info: { lao_code: laoCode, academic_year: 2562, term: 2 }, rows });

describe('an other-affiliation school claimed by two LAOs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await loadSmallRegistry(h.loader);
  });
  afterAll(async () => h?.close());
  const deps = () => ({ queues: h.loader.queues, paths: runtimePaths(h.config) });

  it('when an LAO lists a school the registry lacks then a warning stands at its code cell and the row counts', async () => {
    const report = await h.ingest(
      await otherSchools('4200102', [
        school(REGISTERED, 'รร.บ้านนา', 10, 15),
        school(UNREGISTERED, 'รร.ใหม่', 4, 4),
      ]),
      'lao-b.xlsx',
      { asOf: IN_WINDOW },
    );

    expect(report.status).toBe('accepted');
    expect(report.rows).toEqual({ total: 2, accepted: 2, rejected: 0 });
    expect(report.issues).toEqual([
      {
        severity: 'warning',
        code: 'cell/other-school-unknown',
        sheet: 'โรงเรียนสังกัดอื่น',
        cell: 'A3',
        row: 3,
        column: null,
        field: 'school_code',
        value: UNREGISTERED,
        message: 'ไม่พบรหัสโรงเรียนสังกัดอื่นนี้ในทะเบียน',
      },
    ]);
  });

  it('when a second LAO reports the same school then same-school lists both LAOs, their headcounts and the owner', async () => {
    const owner = await h.ingest(
      await otherSchools('4200101', [school(REGISTERED, 'โรงเรียนบ้านนา', 12, 18)]),
      'lao-a.xlsx',
      { asOf: IN_WINDOW },
    );
    expect(owner.issues).toEqual([]);
    await runDedupNow(deps(), ROUND);
    const claims = await readSchoolClaimsResult(deps(), ROUND);

    expect(claims).toEqual({
      round: ROUND,
      clusters: 1,
      clusterList: [
        {
          clusterId: expect.stringMatching(/^[0-9a-f]{16}$/u),
          rule: 'same-school',
          schoolCode: REGISTERED,
          registeredName: 'โรงเรียนบ้านนา',
          owner: { laoCode: '4200101', laoName: 'อบต.ทดสอบ', provinceCode: '42' },
          claims: [
            {
              laoCode: '4200101',
              laoName: 'อบต.ทดสอบ',
              provinceCode: '42',
              submissionId: owner.submissionId,
              sheet: 'โรงเรียนสังกัดอื่น',
              row: 2,
              schoolName: 'โรงเรียนบ้านนา',
              pupils: 30,
            },
            {
              laoCode: '4200102',
              laoName: 'ทต.ตัวอย่าง',
              provinceCode: '42',
              submissionId: expect.any(Number),
              sheet: 'โรงเรียนสังกัดอื่น',
              row: 2,
              schoolName: 'รร.บ้านนา',
              pupils: 25,
            },
          ],
        },
      ],
    });
  });

  it('when the run repeats then the cluster keeps its id; when one LAO drops the school then it is gone', async () => {
    const before = await readSchoolClaimsResult(deps(), ROUND);
    await runDedupNow(deps(), ROUND);
    const again = await readSchoolClaimsResult(deps(), ROUND);
    await h.ingest(await otherSchools('4200102', [school(UNREGISTERED, 'รร.ใหม่', 4, 4)]), 'lao-b-v2.xlsx', {
      asOf: IN_WINDOW,
    });
    await runDedupNow(deps(), ROUND);
    const after = await readSchoolClaimsResult(deps(), ROUND);

    expect(again.clusterList.map((c) => c.clusterId)).toEqual(before.clusterList.map((c) => c.clusterId));
    expect(after).toEqual({ round: ROUND, clusters: 0, clusterList: [] });
  });
});
