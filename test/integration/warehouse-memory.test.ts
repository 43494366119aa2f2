import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.ts';
import { closeDatabase, openDatabase, queryRows, type Database } from '../../pipeline/db/database.ts';
import { SHIPPED_REFERENCE_DIR } from '../../pipeline/reference/reference.ts';

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

  it('when nothing is configured then the bound is 2 GB and the spill folder is under the runtime folder', () => {
    const config = parseConfig({ SIS_DATA_DIR: dir }, SHIPPED_REFERENCE_DIR);
    expect(config.duckdb).toEqual({ memoryLimit: '2GB', tempDirectory: path.join(dir, 'runtime', 'spill') });
    expect(() => parseConfig({ SIS_DUCKDB_MEMORY_LIMIT: 'lots' }, SHIPPED_REFERENCE_DIR)).toThrow(
      /SIS_DUCKDB_MEMORY_LIMIT/u,
    );
  });
});
