import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configToEnv, parseConfig, runtimePaths } from '../../pipeline/config.ts';
import {
  closeDatabase,
  openDatabase,
  queryRows,
  withMemoryLimit,
  type Database,
} from '../../pipeline/db/database.ts';
import { SHIPPED_REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { runDedupNow } from '../../workers/intake.ts';
import { startHarness } from '../support/pipeline-harness.ts';

/** DuckDB's own report of its memory limit. */
async function memoryLimit(target: Parameters<typeof queryRows>[0]): Promise<string | undefined> {
  const [row] = await queryRows<{ limit: string }>(target, "SELECT current_setting('memory_limit') AS limit");
  return row?.limit;
}

describe('the warehouse memory bound (SIS_DUCKDB_MEMORY_LIMIT, SIS_DUCKDB_TEMP_DIR)', () => {
  let dir: string;
  let database: Database | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-memory-'));
  });
  afterEach(async () => {
    if (database) closeDatabase(database);
    database = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('when the configuration sets them then the warehouse uses them, and a sort larger than the bound spills instead of failing', async () => {
    const spill = path.join(dir, 'spill');
    const config = parseConfig(
      { SIS_DATA_DIR: dir, SIS_DUCKDB_MEMORY_LIMIT: '32MB', SIS_DUCKDB_TEMP_DIR: spill },
      SHIPPED_REFERENCE_DIR,
    );
    database = await openDatabase(path.join(dir, 'w.duckdb'), { memory: config.duckdb });
    const [settings] = await queryRows<{ limit: string; temp: string }>(
      database.connection,
      "SELECT current_setting('memory_limit') AS limit, current_setting('temp_directory') AS temp",
    );
    expect(settings?.temp).toBe(spill);
    // DuckDB reports 32 MB (10^6) as MiB: 30.5 MiB.
    expect(settings?.limit).toBe('30.5 MiB');
    // About 4 M rows × 16 bytes ≈ 64 MB of sort input: more than the bound allows in memory.
    await database.connection.run(
      'CREATE TABLE sorted AS SELECT range AS n, hash(range) AS h FROM range(4000000) ORDER BY h',
    );
    const [count] = await queryRows<{ n: bigint }>(database.connection, 'SELECT count(*) AS n FROM sorted');
    expect(count?.n).toBe(4_000_000n);
    expect(await readdir(dir)).toContain('spill');
  });

  it('when nothing is configured then the bound is 2 GB, 256 MB while loading, and the spill folder is under the runtime folder', () => {
    const config = parseConfig({ SIS_DATA_DIR: dir }, SHIPPED_REFERENCE_DIR);
    expect(config.duckdb).toEqual({
      memoryLimit: '2GB',
      loadMemoryLimit: '256MB',
      tempDirectory: path.join(dir, 'runtime', 'spill'),
    });
    for (const bad of ['lots', '0MB', '0.0GB', '-1GB', '2 GB'])
      expect(() => parseConfig({ SIS_DUCKDB_MEMORY_LIMIT: bad }, SHIPPED_REFERENCE_DIR)).toThrow(
        /SIS_DUCKDB_MEMORY_LIMIT/u,
      );
    expect(() =>
      parseConfig({ SIS_DUCKDB_LOAD_MEMORY_LIMIT: "1GB'; DROP TABLE x; --" }, SHIPPED_REFERENCE_DIR),
    ).toThrow(/SIS_DUCKDB_LOAD_MEMORY_LIMIT/u);
  });

  it('when the load bound is above the batch bound then loading gets the batch bound, and a smaller load bound stays', () => {
    const capped = parseConfig(
      { SIS_DATA_DIR: dir, SIS_DUCKDB_MEMORY_LIMIT: '128MB', SIS_DUCKDB_LOAD_MEMORY_LIMIT: '256MB' },
      SHIPPED_REFERENCE_DIR,
    );
    expect(capped.duckdb.loadMemoryLimit).toBe('128MB');
    // 200 MiB is 209.7 MB: above 200MB, so capped; 190MiB is 199.2 MB: below, so kept.
    const mixed = (load: string) =>
      parseConfig(
        { SIS_DUCKDB_MEMORY_LIMIT: '200MB', SIS_DUCKDB_LOAD_MEMORY_LIMIT: load },
        SHIPPED_REFERENCE_DIR,
      ).duckdb.loadMemoryLimit;
    expect(mixed('200MiB')).toBe('200MB');
    expect(mixed('190MiB')).toBe('190MiB');
    expect(configToEnv(capped).SIS_DUCKDB_LOAD_MEMORY_LIMIT).toBe('128MB');
  });

  it('when work runs with a raised limit then it sees that limit, and the lower one is back afterwards even when the work fails', async () => {
    database = await openDatabase(path.join(dir, 'w.duckdb'), {
      memory: { memoryLimit: '64MB', tempDirectory: path.join(dir, 'spill') },
    });
    const db = database.db;
    const restoreFailures: unknown[] = [];
    const onRestoreFailed = (error: unknown) => restoreFailures.push(error);
    const limits = { during: '128MB', after: '64MB' };
    // DuckDB reports sizes in MiB: 128 MB is 122.0 MiB, 64 MB is 61.0 MiB.
    const seen = await withMemoryLimit(db, limits, () => memoryLimit(db), onRestoreFailed);
    expect(seen).toBe('122.0 MiB');
    expect(await memoryLimit(db)).toBe('61.0 MiB');
    await expect(
      withMemoryLimit(db, limits, () => Promise.reject(new Error('the work failed')), onRestoreFailed),
    ).rejects.toThrow('the work failed');
    expect(await memoryLimit(db)).toBe('61.0 MiB');
    expect(restoreFailures).toEqual([]);
  });

  it('when the loader runs then DuckDB holds the load bound, before and after duplicate detection', async () => {
    const harness = await startHarness({
      parseWorker: false,
      env: { SIS_DUCKDB_LOAD_MEMORY_LIMIT: '96MB', SIS_DUCKDB_MEMORY_LIMIT: '512MB' },
    });
    try {
      // Read between jobs (the loader's serial lane): during batch work the bound is the larger one.
      const between = () => harness.loader.exclusive((db) => memoryLimit(db));
      // 96 MB = 91.5 MiB; 512 MB = 488.2 MiB, which must not stay after the batch work.
      expect(await between()).toBe('91.5 MiB');
      const deps = { queues: harness.loader.queues, paths: runtimePaths(harness.config) };
      const result = await runDedupNow(deps, '2569-2');
      expect(result.round).toBe('2569-2');
      expect(await between()).toBe('91.5 MiB');
    } finally {
      await harness.close();
    }
  });
});
