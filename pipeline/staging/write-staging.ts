import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SisError } from '../errors.ts';
import { STAGED_TABLES, type StagedColumn, type StagedTableName } from './columns.ts';

export type StagedRow = Readonly<Record<string, string | number | null | undefined>>;

/** The staged form of one parsed file: Parquet per table plus a JSON summary, under one folder. */
export interface StagingInput {
  readonly summary: unknown;
  readonly tables: Partial<Record<StagedTableName, readonly StagedRow[]>>;
}

export function stagingDir(stagingRoot: string, submissionId: number): string {
  return path.join(stagingRoot, String(submissionId));
}

export function stagedFile(dir: string, table: StagedTableName): string {
  return path.join(dir, `${table}.parquet`);
}

export function summaryFile(dir: string): string {
  return path.join(dir, 'summary.json');
}

let scratch: Promise<DuckDBConnection> | undefined;
let tableCounter = 0;

/** An in-memory DuckDB per process (or worker thread): it writes Parquet, it holds no warehouse lock. */
function scratchConnection(): Promise<DuckDBConnection> {
  scratch ??= DuckDBInstance.create(':memory:', { threads: '1' }).then((db) => db.connect());
  return scratch;
}

/**
 * Writes the staged tables as Parquet and the summary last, into a fresh folder that replaces
 * any earlier one for the same submission: a retried job leaves the same files.
 */
export async function writeStaging(dir: string, input: StagingInput): Promise<void> {
  const temp = `${dir}.partial-${process.pid}`;
  try {
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    const connection = await scratchConnection();
    for (const table of Object.keys(STAGED_TABLES) as StagedTableName[]) {
      await writeParquet(connection, stagedFile(temp, table), STAGED_TABLES[table], input.tables[table] ?? []);
    }
    await writeFile(summaryFile(temp), JSON.stringify(input.summary));
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } catch (cause) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw new SisError('storage/io', `cannot write staging files ${dir}: ${(cause as Error).message}`, { cause });
  }
}

async function writeParquet(
  connection: DuckDBConnection,
  file: string,
  columns: readonly StagedColumn[],
  rows: readonly StagedRow[],
): Promise<void> {
  const table = `stage_${(tableCounter += 1)}`;
  const ddl = columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
  await connection.run(`CREATE TABLE ${table} (${ddl})`);
  try {
    const appender = await connection.createAppender(table);
    for (const row of rows) {
      for (const column of columns) appendCell(appender, column, row[column.name]);
      appender.endRow();
    }
    appender.closeSync();
    await connection.run(`COPY ${table} TO '${file.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendCell(appender: Appender, column: StagedColumn, value: string | number | null | undefined): void {
  if (value === null || value === undefined) appender.appendNull();
  else if (column.type === 'INTEGER') appender.appendInteger(Number(value));
  else appender.appendVarchar(String(value));
}
