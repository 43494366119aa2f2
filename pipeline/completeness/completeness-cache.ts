import { sql, type Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import type { Reference } from '../reference/reference.ts';
import type { Completeness } from './completeness-types.ts';
import { readCompleteness, type CompletenessQuery } from './read-completeness.ts';

/** Scopes kept (a round × 77 provinces and the country fit many times over). */
const MAX_ENTRIES = 400;

export type ReadCompleteness = (
  db: Kysely<Warehouse>,
  reference: Reference,
  query: CompletenessQuery,
) => Promise<Completeness>;

/**
 * `readCompleteness` behind a cache that a cheap probe keeps honest: an answer is reused while
 * no file has finished, no registry was loaded and the round's window has not moved since it was
 * read (finishing files and loading registries only ever add rows, so their counts say whether
 * anything changed). Fifty viewers of a province's page then cost one read per change, not fifty.
 */
export function cachedCompletenessReader(read: ReadCompleteness = readCompleteness): ReadCompleteness {
  const entries = new Map<string, { version: string; value: Promise<Completeness> }>();
  return async (db, reference, query) => {
    const version = await dataVersion(db, query.roundId);
    const key = `${query.roundId}|${query.province ?? ''}`;
    const hit = entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = read(db, reference, query);
    entries.delete(key);
    entries.set(key, { version, value });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    value.catch(() => entries.delete(key));
    return value;
  };
}

/** What changes whenever a completeness answer may: finished files, registry loads, the window. */
async function dataVersion(db: Kysely<Warehouse>, roundId: string): Promise<string> {
  const row = await db
    .selectNoFrom([
      sql<string>`(SELECT count(*) FROM submissions WHERE finished_at IS NOT NULL)::VARCHAR`.as('files'),
      sql<string>`(SELECT coalesce(max(load_id), 0) FROM registry_loads)::VARCHAR`.as('registry'),
      sql<string>`(SELECT max(opens_at)::VARCHAR || max(closes_at)::VARCHAR FROM rounds WHERE round_id = ${roundId})`.as(
        'window',
      ),
    ])
    .executeTakeFirstOrThrow();
  return `${row.files}|${row.registry}|${row.window ?? ''}`;
}
