import { ResultReturnType, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import {
  CompiledQuery,
  sql,
  type RawBuilder,
  Kysely,
  PostgresAdapter,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Dialect,
  type Driver,
  type QueryResult,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

/**
 * Kysely over DuckDB. DuckDB accepts Postgres' `$n` parameters and `"ident"` quoting, so the
 * Postgres compiler and adapter serve; what is ours is the driver (one shared connection,
 * serialised, with JS values converted to what DuckDB binds) and an introspector on
 * `information_schema` (Kysely's Postgres one calls functions DuckDB lacks).
 *
 * Every statement on a connection goes through one lane: Kysely's queries and transactions, and
 * the raw DuckDB work that must stay raw ({@link withDuckDB}). Two Kysely instances over one
 * connection share it.
 */
export function createKysely<DB>(connection: DuckDBConnection): Kysely<DB> {
  return new Kysely<DB>({ dialect: new DuckDBDialect(connection) });
}

/**
 * Runs raw DuckDB work (the appender, staged-file loads, the duplicate-detection SQL, migrations)
 * in the lane of `db`'s connection. On a root instance it waits for the lane and holds it until
 * `work` settles; on one bound by `db.connection()` or `db.transaction()` it uses the connection
 * already held. `work` itself runs raw statements only: a Kysely query on `db` (or its root) from
 * inside would wait for the lane `work` holds; run those before or after it.
 */
export function withDuckDB<T>(
  db: Pick<Kysely<unknown>, 'getExecutor'>,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  return db.getExecutor().provideConnection((held) => {
    if (!(held instanceof DuckDBKyselyConnection)) throw new Error('not a DuckDB Kysely instance');
    return work(held.connection);
  });
}

class DuckDBDialect implements Dialect {
  constructor(private readonly connection: DuckDBConnection) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new DuckDBDriver(this.connection);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new DuckDBIntrospector(db);
  }
}

/**
 * A connection's lane: one holder at a time, in arrival order. Kept per connection, not per
 * Kysely instance, so nothing that reaches the connection through Kysely can overtake it.
 */
class Lane {
  private tail: Promise<void> = Promise.resolve();

  /** Waits for the lane; resolves with the function that hands it to the next holder. */
  async acquire(): Promise<() => void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }
}

const LANES = new WeakMap<DuckDBConnection, Lane>();

function laneOf(connection: DuckDBConnection): Lane {
  let lane = LANES.get(connection);
  if (!lane) LANES.set(connection, (lane = new Lane()));
  return lane;
}

/**
 * Ids as one bound parameter, for `.where(column, 'in', idList(ids))`: a batch's hundreds of ids
 * bind one DuckDB list rather than hundreds of parameters, and DuckDB plans the
 * `IN (SELECT unnest(…))` as a semi-join.
 */
export function idList(ids: ReadonlyArray<number | bigint>): RawBuilder<bigint> {
  return unnested(ids.map(BigInt), 'BIGINT');
}

/** Texts (hashes, codes) as one bound parameter; see {@link idList}. */
export function textList(values: readonly string[]): RawBuilder<string> {
  return unnested(values, 'VARCHAR');
}

function unnested<T extends bigint | string>(
  values: readonly T[],
  type: 'BIGINT' | 'VARCHAR',
): RawBuilder<T> {
  // DuckDB cannot bind an empty list without its item type.
  if (values.length === 0) return sql<T>`(SELECT unnest([]::${sql.raw(type)}[]))`;
  return sql<T>`(SELECT unnest(${listValue([...values])}::${sql.raw(type)}[]))`;
}

/** Hands out the one connection to one user at a time, so transactions never interleave. */
class DuckDBDriver implements Driver {
  private readonly wrapped: DuckDBKyselyConnection;
  private readonly lane: Lane;
  private release: (() => void) | null = null;

  constructor(connection: DuckDBConnection) {
    this.wrapped = new DuckDBKyselyConnection(connection);
    this.lane = laneOf(connection);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.lane.acquire();
    this.release = release;
    return this.wrapped;
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('BEGIN TRANSACTION'));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('COMMIT'));
  }
  /** A failed rollback (the transaction already aborted by DuckDB) must not hide the error that caused it. */
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
  }
  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
  }
  async destroy(): Promise<void> {}
}

class DuckDBKyselyConnection implements DatabaseConnection {
  constructor(readonly connection: DuckDBConnection) {}

  /** Rows as plain objects; for INSERT, UPDATE and DELETE without RETURNING, DuckDB's own count of changed rows. */
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const reader = await this.connection.runAndReadAll(query.sql, query.parameters.map(toDuckDBValue));
    if (reader.returnType === ResultReturnType.CHANGED_ROWS) {
      return { rows: [], numAffectedRows: BigInt(reader.rowsChanged) };
    }
    return { rows: reader.getRowObjectsJS() as R[] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the DuckDB dialect; use the DuckDB connection directly');
  }
}

/** JS values DuckDB cannot bind directly: Dates go in as ISO text, booleans and nulls as they are. */
function toDuckDBValue(value: unknown): DuckDBValue {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as DuckDBValue;
}

class DuckDBIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await this.db.executeQuery<{ name: string }>(
      CompiledQuery.raw('SELECT DISTINCT schema_name AS name FROM information_schema.schemata'),
    );
    return rows.map((r) => ({ name: r.name }));
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await this.db.executeQuery<ColumnRow>(CompiledQuery.raw(COLUMNS_SQL));
    const tables = new Map<string, TableMetadata>();
    for (const r of rows) {
      const key = `${r.table_schema}.${r.table_name}`;
      const table = tables.get(key) ?? {
        name: r.table_name,
        schema: r.table_schema,
        isView: r.table_type === 'VIEW',
        columns: [],
      };
      (table.columns as unknown[]).push({
        name: r.column_name,
        dataType: r.data_type,
        isNullable: r.is_nullable === 'YES',
        isAutoIncrementing: false,
        hasDefaultValue: r.column_default !== null,
      });
      tables.set(key, table);
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    void options;
    return { tables: await this.getTables() };
  }
}

interface ColumnRow {
  table_schema: string;
  table_name: string;
  table_type: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
}

const COLUMNS_SQL = `
SELECT c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable, c.column_default
FROM information_schema.columns c
JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
WHERE c.table_schema NOT IN ('information_schema', 'pg_catalog')
ORDER BY c.table_schema, c.table_name, c.ordinal_position`;
