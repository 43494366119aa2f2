import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../pipeline/auth/account-repository.ts';
import { parseConfig, runtimePaths } from '../../pipeline/config.ts';
import { closeDatabase, openDatabase } from '../../pipeline/db/database.ts';
import { createKysely } from '../../pipeline/db/kysely-duckdb.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { renderRegistryWorkbook } from '../../templates/write-registry.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeRosterWorkbook } from '../helpers/exceljs-roster.ts';
import { SMALL_REGISTRY, validId } from '../support/fixtures.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';
import { runSis } from '../support/run-sis.ts';

describe('sis window', { timeout: 240_000 }, () => {
  let dir: string;
  const prefix = `sis-cli-window-${randomUUID().slice(0, 8)}`;
  const env = () => ({ SIS_DATA_DIR: path.join(dir, 'data'), SIS_QUEUE_PREFIX: prefix });
  const sis = (...args: string[]) => runSis(args, env());
  const lao = SMALL_REGISTRY.laos[0]!.lao_code;

  /** Uploads a one-pupil roster of a school of `lao` for round 2569-2 as if at `asOf`; its status and file issues. */
  const upload = async (n: number, asOf: string) => {
    const file = path.join(dir, `roster-${n}.xlsx`);
    const info = { institution_code: '3042000001', academic_year: 2569, term: 2 };
    const rows = [
      {
        national_id: validId(`11037025${String(1000 + n)}`),
        prefix: 'ด.ช.',
        first_name: `หน้าต่าง${n}`,
        last_name: 'ทดลอง',
        sex: 'ชาย',
        birth_date: '05/03/2562',
        grade: 'อ.1',
      },
    ];
    await writeFile(file, await writeRosterWorkbook(SIS_STUDENTS, { info, rows }));
    const run = await sis('ingest', '--json', '--round', '2569-2', '--as-of', asOf, file);
    const [report] = JSON.parse(run.stdout) as Array<{ status: string; issues: Array<{ code: string }> }>;
    return {
      status: report!.status,
      codes: report!.issues.map((i) => i.code).filter((c) => c.startsWith('file/')),
    };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-cli-window-'));
  });
  afterAll(async () => {
    const config = parseConfig(env(), SHIPPED_REFERENCE_DIR);
    await deleteQueueKeys(config.redisUrl, prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('when an admin moves the close and grants, lists and revokes an exception then each change is kept across restarts and audited', async () => {
    const reference = await loadReference(SHIPPED_REFERENCE_DIR);
    const registry = path.join(dir, 'registry.xlsx');
    await writeFile(registry, (await renderRegistryWorkbook(reference, SMALL_REGISTRY)).bytes);
    expect((await sis('registry', 'load', '--json', '--by', 'clerk', registry)).code).toBe(0);

    const set = await sis(
      'window',
      'set',
      '--round',
      '2569-2',
      '--closes-at',
      '2026-12-20T00:00:00+07:00',
      '--by',
      'chief',
    );
    expect(set.code, set.stderr).toBe(0);
    const grant = await sis(
      'window',
      'grant',
      '--round',
      '2569-2',
      '--lao',
      lao,
      '--until',
      '2026-12-25T17:00:00Z',
      '--reason',
      'flooded office',
      '--by',
      'chief',
    );
    expect(grant.code, grant.stderr).toBe(0);

    // The upload check reads the moved close: after the shipped close, before the new one.
    expect(await upload(1, '2026-12-17T05:00:00Z')).toMatchObject({ codes: [] });
    // After the new close only the granted LAO may upload, until its instant.
    expect((await upload(2, '2026-12-22T05:00:00Z')).codes).toEqual([]);

    // Every command starts its own loader, which syncs the reference tables: the move survives.
    const list = await sis('window', 'list', '--round', '2569-2', '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual({
      round: '2569-2',
      opensAt: '2026-10-04T17:00:00.000Z',
      closesAt: '2026-12-19T17:00:00.000Z',
      exceptions: [
        {
          laoCode: lao,
          until: '2026-12-25T17:00:00.000Z',
          reason: 'flooded office',
          grantedBy: 'chief',
          grantedAt: expect.stringMatching(/Z$/u) as unknown as string,
        },
      ],
    });

    expect((await sis('window', 'revoke', '--round', '2569-2', '--lao', lao, '--by', 'chief')).code).toBe(0);
    expect((await upload(3, '2026-12-22T05:00:00Z')).codes).toEqual(['file/window-closed']);
    const after = await sis('window', 'list', '--round', '2569-2', '--json');
    expect(JSON.parse(after.stdout)).toMatchObject({ closesAt: '2026-12-19T17:00:00.000Z', exceptions: [] });

    const unknown = await sis('window', 'set', '--round', '2599-9', '--closes-at', '2026-12-20T00:00:00Z');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^sis: .*no round 2599-9/mu);
    const noOffset = await sis('window', 'set', '--round', '2569-2', '--closes-at', '2026-12-20T00:00:00');
    expect(noOffset.code).toBe(2);
    const inverted = await sis('window', 'set', '--round', '2569-2', '--opens-at', '2026-12-30T00:00:00Z');
    expect(inverted.code).toBe(2);
    const nowhere = await sis(
      'window',
      'grant',
      '--round',
      '2569-2',
      '--lao',
      '9999999',
      '--until',
      '2026-12-25T17:00:00Z',
      '--reason',
      'x',
    );
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^sis: .*no LAO 9999999/mu);

    const database = await openDatabase(runtimePaths({ dataDir: path.join(dir, 'data') }).database);
    try {
      const audit = await listAudit(createKysely<Warehouse>(database.connection));
      expect(
        audit
          .filter((a) => a.action.startsWith('window-'))
          .map((a) => `${a.actor} ${a.action} ${a.target ?? ''}: ${a.detail ?? ''}`)
          .reverse(),
      ).toEqual([
        'chief window-set 2569-2: 2026-10-04T17:00:00.000Z..2026-12-15T17:00:00.000Z → 2026-10-04T17:00:00.000Z..2026-12-19T17:00:00.000Z',
        `chief window-grant 2569-2 ${lao}: until none → 2026-12-25T17:00:00.000Z; flooded office`,
        `chief window-revoke 2569-2 ${lao}: until 2026-12-25T17:00:00.000Z → none`,
      ]);
    } finally {
      closeDatabase(database);
    }
  });
});
