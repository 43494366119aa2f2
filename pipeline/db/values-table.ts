import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

export type ColumnType = 'BIGINT' | 'INTEGER' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMPTZ';

/**
 * Creates (or replaces) a temporary table from rows in one statement: a batch's small side
 * table that set-based SQL then joins against. Values are bound as parameters, never spliced.
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
  const params: DuckDBValue[] = [];
  const tuples = rows.map((row) => {
    const cells = columns.map(([, type], i) => {
      const value = row[i];
      params.push(value instanceof Date ? value.toISOString() : (value ?? null));
      return `$${params.length}::${type}`;
    });
    return `(${cells.join(', ')})`;
  });
  await connection.run(`INSERT INTO ${name} VALUES ${tuples.join(', ')}`, params);
}
