import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readDedupResult } from '../../pipeline/dedup/dedup-repository.ts';
import type { DedupRunSummary } from '../../pipeline/dedup/dedup-types.ts';
import { runDedup } from '../../pipeline/dedup/run-dedup.ts';
import type { Queues } from '../connection.ts';
import { JOB_OPTIONS, type DedupPayload } from '../contract.ts';

/** Quiet time after the last load before duplicate detection runs for a round. */
const DEBOUNCE_MS = 5_000;

/**
 * Debounces duplicate detection after loads: every load within the window pushes the one
 * pending run further back (BullMQ deduplication in debounce mode).
 */
export async function scheduleDedup(queues: Queues, roundId: string | null): Promise<void> {
  if (!roundId) return;
  await queues.load.add(
    'dedup',
    { roundId },
    {
      ...JOB_OPTIONS.dedup,
      delay: DEBOUNCE_MS,
      deduplication: { id: `dedup-${roundId}`, ttl: DEBOUNCE_MS, extend: true, replace: true },
    },
  );
}

export interface DedupJobDeps {
  readonly connection: DuckDBConnection;
  readonly threshold: number;
  readonly reports: string;
  readonly now: () => Date;
}

/** Where the latest duplicate-detection result of a round is written, for every process to read. */
export function dedupResultFile(reportsDir: string, roundId: string): string {
  return path.join(reportsDir, `dedup-${roundId}.json`);
}

/** Runs the three rules over a round and writes the result (`sis dedup --json` shape) beside the reports. */
export async function runDedupJob(deps: DedupJobDeps, payload: DedupPayload): Promise<DedupRunSummary> {
  const summary = await runDedup(deps.connection, { roundId: payload.roundId, threshold: deps.threshold, now: deps.now() });
  const result = await readDedupResult(deps.connection, payload.roundId);
  const target = dedupResultFile(deps.reports, payload.roundId);
  await mkdir(deps.reports, { recursive: true });
  await writeFile(`${target}.tmp`, JSON.stringify(result));
  await rename(`${target}.tmp`, target);
  return summary;
}
