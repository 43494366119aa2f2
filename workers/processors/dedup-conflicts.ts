import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { readConflicts } from '../../pipeline/dedup/conflicts-repository.ts';

export const conflictsPayloadSchema = z.object({ roundId: z.string().regex(/^\d{4}-[12]$/u) });
export type ConflictsPayload = z.infer<typeof conflictsPayloadSchema>;

/** Where the list of a round's clusters in conflict is written, for every process to read. */
export function conflictsFile(reportsDir: string, roundId: string): string {
  return path.join(reportsDir, `dedup-conflicts-${roundId}.json`);
}

/**
 * Writes a round's clusters in conflict as they stand now (decisions change between runs) beside
 * the reports. The job returns only the count: names and IDs stay out of Redis.
 */
export async function writeConflicts(
  deps: { readonly db: Kysely<Warehouse>; readonly reports: string },
  payload: ConflictsPayload,
): Promise<{ round: string; clusters: number }> {
  const result = await readConflicts(deps.db, payload.roundId);
  const target = conflictsFile(deps.reports, payload.roundId);
  await mkdir(deps.reports, { recursive: true });
  await writeFile(`${target}.tmp`, JSON.stringify(result));
  await rename(`${target}.tmp`, target);
  return { round: result.round, clusters: result.clusters };
}
