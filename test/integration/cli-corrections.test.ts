import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { OTHER_SCHOOLS, SIS_STUDENTS } from '../../templates/definitions.ts';
import { renderRegistryWorkbook } from '../../templates/write-registry.ts';
import { writeRosterWorkbook } from '../helpers/exceljs-roster.ts';
import { IN_WINDOW, SMALL_REGISTRY, validId } from '../support/fixtures.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';
import { runSis, type SisRun } from '../support/run-sis.ts';

const ROUND = '2562-2';

describe('the sis commands for corrections: dedup schools, record mark, dedup conflicts', () => {
  const prefix = `sis-cli-fix-${randomUUID().slice(0, 8)}`;
  let tmp: string;
  let env: Record<string, string>;
  const sis = (...args: string[]): Promise<SisRun> => runSis(args, env);
  const files = { registry: '', roster: '', laoA: '', laoB: '' };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'sis-cli-fix-'));
    env = { SIS_DATA_DIR: path.join(tmp, 'data'), SIS_QUEUE_PREFIX: prefix };
    for (const key of Object.keys(files) as Array<keyof typeof files>) {
      files[key] = path.join(tmp, `${key}.xlsx`);
    }
    const registry = await renderRegistryWorkbook(await loadReference(SHIPPED_REFERENCE_DIR), SMALL_REGISTRY);
    await writeFile(files.registry, registry.bytes);
    await writeFile(
      files.roster,
      await writeRosterWorkbook(SIS_STUDENTS, {
        info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
        rows: [
          {
            national_id: validId('110370290001'),
            prefix: 'ด.ญ.',
            first_name: 'ซีแอลไอ',
            last_name: 'ไม่มีตัว',
            sex: 'หญิง',
            birth_date: '05/03/2556',
            grade: 'ป.1',
          },
        ],
      }),
    );
    const school = { school_code: '1042000001', school_name: 'รร.บ้านนา', affiliation: 'สพฐ.', p1_male: 7 };
    for (const [key, lao] of [
      ['laoA', '4200101'],
      ['laoB', '4200102'],
    ] as const) {
      await writeFile(
        files[key],
        await writeRosterWorkbook(OTHER_SCHOOLS, {
          info: { lao_code: lao, academic_year: 2562, term: 2 },
          rows: [school],
        }),
      );
    }
  });
  afterAll(async () => {
    const { redisUrl } = parseConfig({ REDIS_URL: process.env.REDIS_URL }, SHIPPED_REFERENCE_DIR);
    await deleteQueueKeys(redisUrl, prefix);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('when two LAOs claim one school, a record is marked and conflicts are listed then each command prints its JSON', async () => {
    expect((await sis('registry', 'load', files.registry)).code).toBe(0);
    const ingest = await sis(
      'ingest',
      '--json',
      '--as-of',
      IN_WINDOW.toISOString(),
      files.roster,
      files.laoA,
      files.laoB,
    );
    expect(ingest.code).toBe(0);
    const reports = JSON.parse(ingest.stdout) as SubmissionReport[];
    expect(reports.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);

    const schools = await sis('dedup', 'schools', '--json', '--round', ROUND);
    expect(schools.code).toBe(0);
    const claims = JSON.parse(schools.stdout) as {
      clusters: number;
      clusterList: Array<{
        schoolCode: string;
        owner: { laoCode: string };
        claims: Array<{ laoCode: string; pupils: number }>;
      }>;
    };
    expect(claims.clusters).toBe(1);
    expect(claims.clusterList[0]?.owner.laoCode).toBe('4200101');
    expect(claims.clusterList[0]?.claims.map((c) => [c.laoCode, c.pupils])).toEqual([
      ['4200101', 7],
      ['4200102', 7],
    ]);

    const marked = await sis(
      'record',
      'mark',
      '--round',
      ROUND,
      '--institution',
      '3042000001',
      '--submission',
      String(reports[0]!.submissionId),
      '--row',
      '2',
      '--outcome',
      '201',
      '--note',
      'ไม่มีตัวตน',
    );
    expect(marked.stderr).toBe('');
    // Without --by, who decides is the operating-system user.
    expect(JSON.parse(marked.stdout)).toMatchObject({
      outcome: 201,
      decidedBy: os.userInfo().username,
      row: 2,
    });
    const refused = await sis(
      'record',
      'mark',
      '--round',
      ROUND,
      '--institution',
      '3042000001',
      '--submission',
      String(reports[0]!.submissionId),
      '--row',
      '2',
      '--outcome',
      '207',
      '--note',
      'x',
    );
    expect(refused.code).toBe(2);

    const conflicts = await sis('dedup', 'conflicts', '--json', '--round', ROUND, '--province', '42');
    expect(conflicts.code).toBe(0);
    expect(JSON.parse(conflicts.stdout)).toEqual({ round: ROUND, clusters: 0, clusterList: [] });
  }, 300_000);
});
