import type { DuckDBAppender, DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

export type ColumnType = 'BIGINT' | 'INTEGER' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMPTZ';

/**
 * Creates (or replaces) a temporary table and fills it through DuckDB's appender: a batch's side
 * table that set-based SQL then joins against. Values never touch SQL text, and thousands of them
 * cost no statement to parse and no parameters to bind (the appender casts text to the column's
 * type, e.g. ISO instants to TIMESTAMPTZ).
 */
export async function createValuesTable(
  connection: DuckDBConnection,
  name: string,
  columns: ReadonlyArray<readonly [string, ColumnType]>,
  rows: ReadonlyArray<ReadonlyArray<DuckDBValue | Date>>,
): Promise<void> {
  const ddl = columns.map(([column, type]) => `"${column}" ${type}`).join(', ');
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} (${ddl})`);
  if (rows.length === 0) return;
  const appender = await connection.createAppender(name, 'main', 'temp');
  try {
    for (const row of rows) {
      columns.forEach(([, type], i) => append(appender, type, row[i]));
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** A one-column side table of distinct keys (ids, hashes) to join or semi-join against. */
export function createKeyTable(
  connection: DuckDBConnection,
  name: string,
  column: readonly [string, ColumnType],
  keys: ReadonlyArray<number | string>,
): Promise<void> {
  return createValuesTable(
    connection,
    name,
    [column],
    [...new Set(keys)].map((key) => [key]),
  );
}

function append(appender: DuckDBAppender, type: ColumnType, value: DuckDBValue | Date | undefined): void {
  if (value === null || value === undefined) return appender.appendNull();
  if (value instanceof Date) return appender.appendVarchar(value.toISOString());
  switch (type) {
    case 'BIGINT':
      return appender.appendBigInt(BigInt(value as number | bigint));
    case 'INTEGER':
      return appender.appendInteger(Number(value));
    case 'BOOLEAN':
      return appender.appendBoolean(Boolean(value));
    default:
      return appender.appendVarchar(String(value));
  }
}
