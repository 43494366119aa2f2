import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { Kysely } from 'kysely';
import { SisError } from '../errors.ts';
import { createKysely, withDuckDB } from './kysely-duckdb.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Warehouse } from './schema.ts';

/** An open DuckDB database: the one process that owns the file holds this. */
export interface Database {
  readonly instance: DuckDBInstance;
  /**
   * The connection's one lane: every statement goes through it, Kysely's and the raw DuckDB work
   * that stays raw (through `withDuckDB`).
   */
  readonly db: Kysely<Warehouse>;
  /** The connection under `db`, to close it; statements on it go through `db`'s lane. */
  readonly connection: DuckDBConnection;
  readonly path: string;
}

/**
 * The writer's settings. Loads commit every few hundred files; with DuckDB's default 16 MB
 * checkpoint threshold a country's last night checkpointed every few commits, which took about
 * 40 % of the loader's time. Commits stay durable in the write-ahead log; it is folded into the
 * file at 1 GB and when the database closes.
 */
const WRITER = { checkpoint_threshold: '1GB' } as const;

/** DuckDB's memory bound and where it spills past it (see `Config.duckdb`). */
export interface MemorySettings {
  readonly memoryLimit: string;
  readonly tempDirectory: string;
}

/**
 * Runs `work` with DuckDB's `memory_limit` at `limits.during`, then sets it back to
 * `limits.after`: the loader keeps DuckDB small while it loads (rows loaded but not yet
 * checkpointed spill to the temp folder instead of staying in the process) and lets the batch
 * statements (duplicate detection, snapshots) have the larger bound. Sizes come from the
 * configuration, which admits only a number and a unit. A limit that cannot be set back (DuckDB
 * could not evict enough) is reported to `onRestoreFailed`; `work`'s own result stands.
 */
export async function withMemoryLimit<T>(
  db: Kysely<Warehouse>,
  limits: { readonly during: string; readonly after: string },
  work: () => Promise<T>,
  onRestoreFailed: (error: unknown) => void,
): Promise<T> {
  await setMemoryLimit(db, limits.during);
  try {
    return await work();
  } finally {
    await setMemoryLimit(db, limits.after).catch(onRestoreFailed);
  }
}

/** Sets DuckDB's `memory_limit` for the whole instance (a size from the configuration). */
export function setMemoryLimit(db: Kysely<Warehouse>, size: string): Promise<void> {
  return withDuckDB(db, async (connection) => {
    await connection.run(`SET memory_limit = '${size.replaceAll("'", "''")}'`);
  });
}

export interface OpenOptions {
  readonly readOnly?: boolean;
  /** Unset: DuckDB's defaults (80 % of the machine's memory, a `.tmp` folder beside the file). */
  readonly memory?: MemorySettings;
}

/**
 * Opens (creating if needed) the DuckDB file and applies pending migrations. DuckDB allows one
 * read-write process per file: only the loader process calls this on the warehouse file.
 */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<Database> {
  if (file !== ':memory:') await mkdir(path.dirname(file), { recursive: true });
  if (options.memory) await mkdir(options.memory.tempDirectory, { recursive: true });
  const memory: Record<string, string> = options.memory
    ? { memory_limit: options.memory.memoryLimit, temp_directory: options.memory.tempDirectory }
    : {};
  try {
    const instance = await DuckDBInstance.create(
      file,
      options.readOnly ? { access_mode: 'READ_ONLY', ...memory } : { ...WRITER, ...memory },
    );
    const connection = await instance.connect();
    const db = createKysely<Warehouse>(connection);
    if (!options.readOnly) await withDuckDB(db, migrate);
    return { instance, db, connection, path: file };
  } catch (cause) {
    throw new SisError('db/failed', `cannot open database ${file}: ${(cause as Error).message}`, {
      cause,
      retryable: false,
    });
  }
}

export function closeDatabase(db: Database): void {
  db.connection.closeSync();
  db.instance.closeSync();
}

/**
 * Applies every migration newer than the stored version, each in its own transaction. Raw SQL by
 * nature (the migrations are DDL); callers hold the connection's lane (`withDuckDB`).
 */
export async function migrate(connection: DuckDBConnection): Promise<number[]> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
  );
  const rows = await queryRows<{ version: number }>(connection, 'SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => Number(r.version)));
  const done: number[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    await inTransaction(connection, async () => {
      await connection.run(migration.sql);
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ]);
    });
    done.push(migration.version);
  }
  return done;
}

/** Runs a migration's `work` inside BEGIN … COMMIT; any failure rolls back and rethrows. */
async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Runs raw SQL and returns its rows as plain objects (BIGINT as bigint, DATE as a Date at UTC
 * midnight): for the named raw places, on a connection held through `withDuckDB`, and for tests'
 * checks, given the database's Kysely instance (they then wait for the lane like any statement).
 */
export async function queryRows<T extends Record<string, unknown>>(
  target: DuckDBConnection | Kysely<Warehouse>,
  sql: string,
  values?: DuckDBValue[],
): Promise<T[]> {
  if (target instanceof Kysely)
    return withDuckDB(target, (connection) => queryRows<T>(connection, sql, values));
  const reader = await target.runAndReadAll(sql, values);
  return reader.getRowObjectsJS() as T[];
}
