import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The raw SQL of snapshots, in one place: DuckDB's COPY … TO, views over Parquet files and the
 * reader's lock-down settings have no Kysely form.
 */

/** A string literal for DuckDB (file paths). */
export function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted identifier. */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The warehouse's own tables (and their row counts are read afterwards from the files). */
export async function listTables(connection: DuckDBConnection): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name FROM duckdb_tables()
     WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
     ORDER BY table_name`,
  );
  return reader.getRowObjectsJS().map((r) => String(r.table_name));
}

/** The warehouse's own views with the statements that made them. */
export async function listViews(connection: DuckDBConnection): Promise<Array<{ name: string; sql: string }>> {
  const reader = await connection.runAndReadAll(
    `SELECT view_name, sql FROM duckdb_views()
     WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary
     ORDER BY view_oid`,
  );
  return reader.getRowObjectsJS().map((r) => ({ name: String(r.view_name), sql: String(r.sql) }));
}

/** Writes a query's rows to one Parquet file, ZSTD-compressed. */
export function copyToParquet(select: string, file: string): string {
  return `COPY (${select}) TO ${sqlText(file)} (FORMAT parquet, COMPRESSION zstd)`;
}

/** A whole table, as it stands in the running transaction. */
export function selectTable(table: string): string {
  return `SELECT * FROM ${sqlName(table)}`;
}

/** A catalogue view that reads one Parquet file of the snapshot. */
export function parquetView(name: string, file: string): string {
  return `CREATE VIEW ${sqlName(name)} AS SELECT * FROM read_parquet(${sqlText(file)})`;
}

/** Rows in a Parquet file, from its footer. */
export function parquetRowCount(file: string): string {
  return `SELECT coalesce(sum(num_rows), 0) AS n FROM parquet_file_metadata(${sqlText(file)})`;
}

/** The catalogue's own table saying which snapshot it is and when it was taken. */
export function snapshotInfoTable(id: string, snapshotAt: Date): string {
  return `CREATE TABLE snapshot_info AS SELECT ${sqlText(id)} AS snapshot_id, ${sqlText(
    snapshotAt.toISOString(),
  )}::TIMESTAMPTZ AS snapshot_at`;
}

/**
 * Locks a read-only connection to its snapshot: files outside the snapshot's folder, ATTACH,
 * INSTALL and LOAD are refused, and the settings cannot be changed back afterwards.
 */
export function lockDownStatements(snapshotDir: string): string[] {
  const dir = snapshotDir.endsWith('/') ? snapshotDir : `${snapshotDir}/`;
  return [
    `SET allowed_directories = [${sqlText(dir)}]`,
    'SET enable_external_access = false',
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    'SET lock_configuration = true',
  ];
}

/** The round a query may read as `getvariable('round')`. */
export function setRoundVariable(roundId: string): string {
  return `SET VARIABLE round = ${sqlText(roundId)}`;
}
