import type { Kysely } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { queuedSubmissions, type SubmissionRow } from '../../pipeline/db/submission-repository.ts';
import type { Queues } from '../connection.ts';
import { jobIds, parseOptionsKey } from '../contract.ts';
import { groupFlow } from './register.ts';

/**
 * Carries again what the queue lost. An accepted upload is recorded as a `queued` submission
 * (with its group) before its parse → load flow is enqueued; when Redis restarts empty or is
 * flushed, that flow is gone and the file would wait for ever. At start-up the loader re-adds the
 * flow of every group of queued submissions whose load job Redis no longer holds. Flows carry
 * their group's job ids, so a flow still held is never added twice, and a file loaded again
 * replaces its own rows: nothing is counted twice. Returns the groups re-enqueued.
 */
export async function reenqueueLostGroups(db: Kysely<Warehouse>, queues: Queues): Promise<string[]> {
  const byGroup = new Map<string, SubmissionRow[]>();
  for (const row of await queuedSubmissions(db)) {
    if (!row.fileGroup) continue;
    byGroup.set(row.fileGroup, [...(byGroup.get(row.fileGroup) ?? []), row]);
  }
  const lost: string[] = [];
  for (const [group, rows] of byGroup) {
    if (await queues.load.getJob(jobIds.load(group))) continue;
    const files = rows.map((r) => ({
      submissionId: r.submissionId,
      sha256: r.sha256,
      fileName: r.fileName,
      options: parseOptionsKey(r.uploadOptions),
    }));
    await queues.flows.add(groupFlow(group, files));
    lost.push(group);
  }
  return lost;
}
