import { DuckDBInstance, DuckDBTypeId, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { SisError } from '../errors.ts';
import { lockDownStatements, setRoundVariable } from './snapshot-sql.ts';
import { locateSnapshot, type SnapshotLocation } from './snapshot-store.ts';

/** A read-only connection to the latest snapshot, locked to its folder. */
export interface SnapshotReader {
  readonly snapshot: SnapshotLocation;
  readonly connection: DuckDBConnection;
  close(): void;
}

/** Bounds on one query; `null` lifts one. */
export interface QueryLimits {
  readonly maxRows: number | null;
  readonly timeoutMs: number | null;
}

export const DEFAULT_LIMITS: QueryLimits = { maxRows: 10_000, timeoutMs: 30_000 };

/** A query's answer: JSON-safe rows (BIGINT as numbers when exact), whether rows were cut off. */
export interface QueryResult {
  readonly snapshotAt: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  readonly truncated: boolean;
}

/**
 * Opens the latest snapshot's catalogue read-only (another process may do the same at once;
 * the loader keeps writing its own file meanwhile). Files outside the snapshot, ATTACH, INSTALL
 * and LOAD are refused by DuckDB's settings, locked so a query cannot change them back.
 */
export async function openSnapshotReader(root: string, roundId?: string): Promise<SnapshotReader> {
  const snapshot = await locateSnapshot(root);
  const instance = await DuckDBInstance.create(snapshot.catalogue, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    if (roundId) await connection.run(setRoundVariable(roundId));
    for (const statement of lockDownStatements(snapshot.dir)) await connection.run(statement);
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return {
    snapshot,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Statement kinds a query may be: reading only. */
const READING: ReadonlySet<StatementType> = new Set([StatementType.SELECT, StatementType.EXPLAIN]);

/**
 * Runs one reading statement with a row limit and a time limit. Anything else (CREATE, INSERT,
 * COPY, ATTACH, INSTALL, SET, several statements) is refused before it runs, with the reason.
 */
export async function querySnapshot(
  reader: SnapshotReader,
  sql: string,
  limits: QueryLimits,
): Promise<QueryResult> {
  const statement = await prepareReading(reader.connection, sql);
  const timer =
    limits.timeoutMs === null ? undefined : setTimeout(() => reader.connection.interrupt(), limits.timeoutMs);
  try {
    const target = limits.maxRows === null ? Number.MAX_SAFE_INTEGER : limits.maxRows + 1;
    const result = await statement.streamAndReadUntil(target);
    const columns = result.columnNames();
    const types = result.columnTypes().map((t) => t.typeId);
    const all = result.getRowObjectsJson();
    const truncated = limits.maxRows !== null && all.length > limits.maxRows;
    const kept = truncated ? all.slice(0, limits.maxRows ?? 0) : all;
    return {
      snapshotAt: reader.snapshot.snapshotAt,
      columns,
      rows: kept.map((row) => numbersAsNumbers(row, columns, types)),
      truncated,
    };
  } catch (error) {
    throw refusal(error, limits);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

async function prepareReading(connection: DuckDBConnection, sql: string) {
  let extracted;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (error) {
    throw new SisError('input/bad-argument', `the query does not parse: ${firstLine(error)}`);
  }
  if (extracted.count !== 1)
    throw new SisError('input/bad-argument', `give exactly one statement (got ${extracted.count})`);
  let prepared;
  try {
    prepared = await extracted.prepare(0);
  } catch (error) {
    throw refusal(error, DEFAULT_LIMITS);
  }
  if (!READING.has(prepared.statementType))
    throw new SisError(
      'input/bad-argument',
      `the snapshot is read-only: ${StatementType[prepared.statementType]} statements are refused (only SELECT and EXPLAIN)`,
    );
  return prepared;
}

function refusal(error: unknown, limits: QueryLimits): SisError {
  const message = firstLine(error);
  if (/interrupt/iu.test(message))
    return new SisError(
      'input/bad-argument',
      `the query ran past the time limit of ${limits.timeoutMs} ms (lift it with --no-time-limit)`,
    );
  if (/read-only|disabled by configuration|Permission Error/iu.test(message))
    return new SisError(
      'input/bad-argument',
      `the snapshot is read-only and closed to other files: ${message}`,
    );
  return new SisError('input/bad-argument', `the query failed: ${message}`);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Integer and decimal types DuckDB's JSON form gives as text. */
const TEXT_NUMBERS: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/** BIGINT and DECIMAL text as a number when the number is exact; kept as text otherwise. */
function numbersAsNumbers(
  row: Record<string, unknown>,
  columns: readonly string[],
  types: readonly DuckDBTypeId[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value = row[column];
    out[column] = typeof value === 'string' && TEXT_NUMBERS.has(types[i]!) ? exactNumber(value) : value;
  });
  return out;
}

function exactNumber(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (/^-?\d+$/u.test(text)) return Number.isSafeInteger(n) ? n : text;
  return n;
}
