import type { FlowJob } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import {
  createSubmissions,
  findByHashes,
  type SubmissionRow,
} from '../../pipeline/db/submission-repository.ts';
import type { Queues } from '../connection.ts';
import { JOB_OPTIONS, QUEUE_NAMES, jobIds, type RegisterPayload, type RegisterResult } from '../contract.ts';

export interface RegisterDeps {
  readonly db: Kysely<Warehouse>;
  readonly queues: Queues;
}

/** What to do with one upload of a batch. */
type Decision =
  | { readonly kind: 'known'; readonly result: RegisterResult; readonly restart: boolean }
  | { readonly kind: 'new' }
  | { readonly kind: 'same-as-batch'; readonly index: number };

/**
 * Records uploads as `queued` submissions (many per statement) and starts each one's
 * parse → load flow. The same bytes already counted are `unchanged`; bytes in flight join that
 * submission. Idempotent: a retried job finds the submission its first attempt created (same
 * hash and arrival instant) and the flow's job ids stop a second flow.
 */
export async function registerUploads(
  deps: RegisterDeps,
  payloads: readonly RegisterPayload[],
): Promise<RegisterResult[]> {
  const existing = await findByHashes(
    deps.db,
    payloads.map((p) => p.sha256),
  );
  const decisions = payloads.map((p, i) => decide(p, i, payloads, existing));
  const fresh = payloads.filter((_, i) => decisions[i]!.kind === 'new');
  const ids = await createSubmissions(
    deps.db,
    fresh.map((p) => ({ ...p, uploadedAt: new Date(p.uploadedAt), asOf: new Date(p.asOf) })),
  );
  const idOf = new Map(fresh.map((p, i) => [p, ids[i]!]));
  const results = payloads.map((p, i) =>
    resultOf(decisions[i]!, idOf.get(p), (j) => idOf.get(payloads[j]!)!),
  );
  const flows = payloads.flatMap((p, i) => {
    const d = decisions[i]!;
    return d.kind === 'new' || (d.kind === 'known' && d.restart) ? [flowOf(results[i]!.submissionId, p)] : [];
  });
  if (flows.length > 0) await deps.queues.flows.addBulk(flows);
  return results;
}

function decide(
  p: RegisterPayload,
  index: number,
  all: readonly RegisterPayload[],
  existing: readonly SubmissionRow[],
): Decision {
  const mine = existing.find(
    (s) => s.sha256 === p.sha256 && s.uploadedAt.getTime() === Date.parse(p.uploadedAt),
  );
  if (mine)
    return {
      kind: 'known',
      result: { submissionId: mine.submissionId, status: 'queued' },
      restart: !mine.finished,
    };
  const same = existing
    .filter((s) => s.sha256 === p.sha256 && (s.isCurrent || s.status === 'queued'))
    .sort((a, b) => b.submissionId - a.submissionId)[0];
  if (same)
    return {
      kind: 'known',
      result: { submissionId: same.submissionId, status: same.status === 'queued' ? 'queued' : 'unchanged' },
      restart: false,
    };
  const earlier = all.findIndex((q) => q.sha256 === p.sha256);
  return earlier < index ? { kind: 'same-as-batch', index: earlier } : { kind: 'new' };
}

function resultOf(d: Decision, newId: number | undefined, idAt: (index: number) => number): RegisterResult {
  if (d.kind === 'known') return d.result;
  if (d.kind === 'same-as-batch') return { submissionId: idAt(d.index), status: 'queued' };
  return { submissionId: newId!, status: 'queued' };
}

function flowOf(submissionId: number, payload: RegisterPayload): FlowJob {
  return {
    name: 'load',
    queueName: QUEUE_NAMES.load,
    data: { submissionId },
    opts: { ...JOB_OPTIONS.load, jobId: jobIds.load(submissionId) },
    children: [
      {
        name: 'parse',
        queueName: QUEUE_NAMES.parse,
        data: { submissionId, sha256: payload.sha256, fileName: payload.fileName, options: payload.options },
        opts: { ...JOB_OPTIONS.parse, jobId: jobIds.parse(submissionId), ignoreDependencyOnFailure: true },
      },
    ],
  };
}
