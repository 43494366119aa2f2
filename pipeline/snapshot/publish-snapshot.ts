import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { withDuckDB } from '../db/kysely-duckdb.ts';
import type { Warehouse } from '../db/schema.ts';
import { ANALYST_VIEWS, UNPUBLISHED_TABLES } from './analyst-views.ts';
import {
  copyToParquet,
  listTables,
  listViews,
  parquetRowCount,
  parquetView,
  selectTable,
  snapshotInfoTable,
} from './snapshot-sql.ts';
import {
  CATALOGUE_FILE,
  pruneSnapshots,
  snapshotId,
  writePointer,
  type SnapshotPointer,
} from './snapshot-store.ts';

/** What a publish did. */
export interface PublishedSnapshot extends SnapshotPointer {
  readonly dir: string;
  readonly removed: readonly string[];
  readonly ms: number;
}

/**
 * Publishes the warehouse as a read-only snapshot under `root`: every table (but account
 * secrets and the audit log) as one ZSTD Parquet file, written in one transaction so all files
 * show one moment, and a small `.duckdb` catalogue of views over them (the warehouse's views
 * and the analysts' stable views). Readers switch to it when the pointer file is renamed over,
 * so none sees a half-written snapshot; older snapshots beyond the last two are removed.
 * Runs on the writer's connection (the loader's lane).
 */
export async function publishSnapshot(
  db: Kysely<Warehouse>,
  root: string,
  now: Date,
): Promise<PublishedSnapshot> {
  const started = performance.now();
  await mkdir(root, { recursive: true });
  const id = freeId(root, now);
  const dir = path.join(root, id);
  await mkdir(dir);
  try {
    const { tables, views } = await withDuckDB(db, (connection) => exportTables(connection, dir));
    await writeCatalogue(dir, tables, views, id, now);
    const pointer: SnapshotPointer = { id, snapshotAt: now.toISOString(), tables };
    await writePointer(root, pointer);
    const removed = await pruneSnapshots(root, id);
    return { ...pointer, dir, removed, ms: Math.round(performance.now() - started) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function freeId(root: string, now: Date): string {
  for (let attempt = 0; ; attempt += 1) {
    const id = snapshotId(now, attempt);
    if (!existsSync(path.join(root, id))) return id;
  }
}

async function exportTables(
  connection: DuckDBConnection,
  dir: string,
): Promise<{ tables: Record<string, number>; views: Array<{ name: string; sql: string }> }> {
  const names = (await listTables(connection)).filter((t) => !UNPUBLISHED_TABLES.has(t));
  const views = await listViews(connection);
  const tables: Record<string, number> = {};
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const name of names) await connection.run(copyToParquet(selectTable(name), parquetFile(dir, name)));
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
  for (const name of names) {
    const file = parquetFile(dir, name);
    const reader = await connection.runAndReadAll(parquetRowCount(file));
    tables[name] = Number(reader.getRowObjectsJS()[0]?.n ?? 0);
    await chmod(file, 0o444);
  }
  return { tables, views };
}

function parquetFile(dir: string, table: string): string {
  return path.join(dir, `${table}.parquet`);
}

/**
 * The catalogue: a view per table over its file (absolute paths, so it opens from any process
 * and working folder), then the warehouse's views in an order that binds, then the stable views.
 */
async function writeCatalogue(
  dir: string,
  tables: Record<string, number>,
  views: ReadonlyArray<{ name: string; sql: string }>,
  id: string,
  now: Date,
): Promise<void> {
  const instance = await DuckDBInstance.create(path.join(dir, CATALOGUE_FILE));
  const connection = await instance.connect();
  try {
    for (const name of Object.keys(tables)) await connection.run(parquetView(name, parquetFile(dir, name)));
    await createInBindingOrder(connection, [...views.map((v) => v.sql), ...ANALYST_VIEWS.map((v) => v.sql)]);
    await connection.run(snapshotInfoTable(id, now));
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Creates views whose creation order in the warehouse may not be their dependency order (a view
 * replaced by a later migration is newer than the views that use it): retries until none is left.
 */
async function createInBindingOrder(
  connection: DuckDBConnection,
  statements: readonly string[],
): Promise<void> {
  let pending = [...statements];
  while (pending.length > 0) {
    const failed: string[] = [];
    let lastError: unknown;
    for (const sql of pending) {
      try {
        await connection.run(sql);
      } catch (error) {
        failed.push(sql);
        lastError = error;
      }
    }
    if (failed.length === pending.length) throw lastError;
    pending = failed;
  }
}
