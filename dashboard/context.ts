import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import type { Reference } from '../pipeline/reference/reference.ts';
import type { Warehouse } from '../pipeline/db/schema.ts';
import type { IntakePort } from '../workers/contract.ts';
import type { Views } from './views.ts';

/** Where the app reports its own failures: `bin/` passes the process's (redacting) logger. */
export interface AppLog {
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What the HTTP edge needs; `createApp` builds the app without listening. */
export interface AppDeps {
  readonly db: Kysely<Warehouse>;
  /** The same read-only view for SQL that is not Kysely's (duplicate-detection results). */
  readonly connection: DuckDBConnection;
  readonly reference: Reference;
  /** Uploads and dedup requests go to the queue side through this port. */
  readonly intake: IntakePort;
  readonly maxUploadBytes: number;
  readonly now: () => Date;
  readonly log: AppLog;
}

/** What routes receive: the dependencies plus the compiled views. */
export interface AppContext extends AppDeps {
  readonly views: Views;
}
