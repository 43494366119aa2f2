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
import { SMALL_REGISTRY } from '../support/fixtures.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';
import { runSis } from '../support/run-sis.ts';

describe('sis user and sis token', { timeout: 240_000 }, () => {
  let dir: string;
  const prefix = `sis-cli-test-${randomUUID().slice(0, 8)}`;
  const env = () => ({ SIS_DATA_DIR: path.join(dir, 'data'), SIS_QUEUE_PREFIX: prefix });
  const sis = (...args: string[]) => runSis(args, env());

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-cli-accounts-'));
  });
  afterAll(async () => {
    const config = parseConfig(env(), SHIPPED_REFERENCE_DIR);
    await deleteQueueKeys(config.redisUrl, prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('when accounts and tokens are made, listed and disabled then each change is in the audit log with who ran it', async () => {
    const add = await sis('user', 'add', 'chief', '--role', 'admin', '--by', 'setup');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/^user chief created; password \(shown once\): [A-Za-z0-9_-]{24}\n$/u);
    const province = await sis('user', 'add', 'loei', '--role', 'province', '--province', '42');
    expect(province.code, province.stderr).toBe(0);
    const missing = await sis('user', 'add', 'nowhere', '--role', 'province');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^sis: .*--province/mu);
    const token = await sis('token', 'create', 'loei', '--label', 'script', '--json');
    expect(token.code, token.stderr).toBe(0);
    const { token: secret } = JSON.parse(token.stdout) as { token: string };
    expect(secret).toMatch(/^sis_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/u);
    expect((await sis('user', 'disable', 'loei')).code).toBe(0);
    const list = await sis('user', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ username: 'chief', role: 'admin', province: null, disabled: false }),
      expect.objectContaining({ username: 'loei', role: 'province', province: '42', disabled: true }),
    ]);

    const reference = await loadReference(SHIPPED_REFERENCE_DIR);
    const registry = path.join(dir, 'registry.xlsx');
    await writeFile(registry, (await renderRegistryWorkbook(reference, SMALL_REGISTRY)).bytes);
    const load = await sis('registry', 'load', '--json', '--by', 'clerk', registry);
    expect(load.code, load.stderr).toBe(0);
    expect(load.stderr).toBe('');

    const database = await openDatabase(runtimePaths({ dataDir: path.join(dir, 'data') }).database);
    try {
      const audit = await listAudit(createKysely<Warehouse>(database.connection));
      expect(audit.map((a) => `${a.actor} ${a.action} ${a.target ?? ''}`).reverse()).toEqual([
        'setup user-add chief',
        `${os.userInfo().username} user-add loei`,
        `${os.userInfo().username} token-create loei`,
        `${os.userInfo().username} user-disable loei`,
        'clerk registry-load load 1',
      ]);
    } finally {
      closeDatabase(database);
    }
  });
});
