import type { Queues } from '../connection.ts';
import { JOB_OPTIONS, dedupPayloadSchema } from '../contract.ts';

/** Seconds of quiet after the last load before duplicate detection runs for a round. */
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

/** Runs duplicate detection for a round (wired to the dedup stage). */
export async function runDedupJob(deps: unknown, data: unknown): Promise<unknown> {
  const payload = dedupPayloadSchema.parse(data);
  void deps;
  return { roundId: payload.roundId, skipped: true };
}
