import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../pipeline/auth/account-repository.ts';
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
  readonly reference: Reference;
  /** Uploads and dedup requests go to the queue side through this port. */
  readonly intake: IntakePort;
  /** Bull Board's router (built in `bin/`), mounted at /admin/queues for admins; absent: 404. */
  readonly queueBoard?: RequestHandler;
  readonly maxUploadBytes: number;
  /** Where uploads are streamed while they arrive (on the store's file system, so a move is a rename). */
  readonly uploadTempDir: string;
  /** Uploads received at once by this process; one more is answered 429. */
  readonly maxConcurrentUploads: number;
  readonly now: () => Date;
  readonly log: AppLog;
  readonly auth: AuthDeps;
  /** The published snapshots' folder (the analyst page reads the latest); unset, the page says none. */
  readonly snapshots?: string;
}

/** Sessions, login throttling and the audit log. */
export interface AuthDeps {
  /** Sessions and login-failure counters live here, under `keyPrefix`. */
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly sessionSecret: string;
  /** Served over TLS (behind a trusted proxy): cookies are `Secure`, HSTS is sent. */
  readonly secureCookies: boolean;
  /** Appends to the audit log (the loader's lane in `sis serve`). */
  audit(entries: readonly AuditEntry[]): Promise<void>;
}

/** What routes receive: the dependencies plus the compiled views. */
export interface AppContext extends AppDeps {
  readonly views: Views;
}
