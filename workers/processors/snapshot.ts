import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { publishSnapshot, type PublishedSnapshot } from '../../pipeline/snapshot/publish-snapshot.ts';
import type { Queues } from '../connection.ts';
import { JOB_OPTIONS } from '../contract.ts';

/** `onDemand`: `sis snapshot publish` asked for it and waits; scheduled runs carry nothing. */
export const snapshotPayloadSchema = z.object({ onDemand: z.boolean().optional() });
export type SnapshotPayload = z.infer<typeof snapshotPayloadSchema>;

const THROTTLE_ID = 'snapshot-publish';

/**
 * Asks for a snapshot after a load wave or a duplicate-detection run, at most once per
 * `intervalMs` (BullMQ deduplication in throttle mode): the first request schedules one publish
 * `intervalMs` later, and requests until it runs join it, so it sees everything they followed.
 */
export async function scheduleSnapshot(queues: Queues, intervalMs: number): Promise<void> {
  const payload: SnapshotPayload = {};
  await queues.load.add('snapshot', payload, {
    ...JOB_OPTIONS.dedup,
    delay: intervalMs,
    deduplication: { id: THROTTLE_ID, ttl: Math.max(1, intervalMs) },
  });
}

export interface SnapshotJobDeps {
  readonly db: Kysely<Warehouse>;
  readonly snapshots: string;
  readonly now: () => Date;
}

/** What a snapshot job returns (no table data: the figures of the publish). */
export type SnapshotJobResult = Omit<PublishedSnapshot, 'removed'> & { readonly removed: number };

/** Publishes a snapshot on the loader's connection (its lane), in the loader's process. */
export async function runSnapshotJob(deps: SnapshotJobDeps): Promise<SnapshotJobResult> {
  const published = await publishSnapshot(deps.db, deps.snapshots, deps.now());
  return { ...published, removed: published.removed.length };
}

/** Asks the loader for a snapshot now and waits for it (`sis snapshot publish`). */
export async function publishSnapshotNow(
  queues: Queues,
  timeoutMs = 10 * 60_000,
): Promise<SnapshotJobResult> {
  const payload: SnapshotPayload = { onDemand: true };
  const job = await queues.load.add('snapshot', payload, { attempts: 1, removeOnComplete: 1000 });
  return (await job.waitUntilFinished(queues.loadEvents, timeoutMs)) as SnapshotJobResult;
}
