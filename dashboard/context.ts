import type { Kysely } from 'kysely';
import type { Reference } from '../pipeline/reference/reference.ts';
import type { Warehouse } from '../pipeline/db/schema.ts';
import type { IntakeDeps } from '../workers/intake.ts';
import type { Views } from './views.ts';

/** What the HTTP edge needs; `createApp` builds the app without listening. */
export interface AppDeps {
  readonly db: Kysely<Warehouse>;
  readonly reference: Reference;
  readonly intake: IntakeDeps;
  readonly maxUploadBytes: number;
  readonly now: () => Date;
}

/** What routes receive: the dependencies plus the compiled views. */
export interface AppContext extends AppDeps {
  readonly views: Views;
}
