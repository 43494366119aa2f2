import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { createKysely } from '../pipeline/db/kysely-duckdb.ts';
import type { Warehouse } from '../pipeline/db/schema.ts';
import type { Loader } from '../workers/loader.ts';

/**
 * What the web app reads through. DuckDB lets one process hold the warehouse file, and while the
 * loader holds it no other process can open it, even read-only: a web app in a process of its
 * own will read a published read-only snapshot instead, through this same shape.
 */
export interface ReadPath {
  readonly db: Kysely<Warehouse>;
  /** The same view for SQL that is not Kysely's. */
  readonly connection: DuckDBConnection;
  close(): void;
}

/**
 * Beside the loader, in its process: a connection of the web app's own on the loader's database
 * instance. It sees committed data only and never writes.
 */
export async function readBesideLoader(loader: Loader): Promise<ReadPath> {
  const connection = await loader.database.instance.connect();
  return {
    db: createKysely<Warehouse>(connection),
    connection,
    close: () => connection.closeSync(),
  };
}
