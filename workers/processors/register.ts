import type { Kysely } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { createSubmission, findSameFile, findUpload } from '../../pipeline/db/submission-repository.ts';
import type { Queues } from '../connection.ts';
import { JOB_OPTIONS, QUEUE_NAMES, jobIds, type RegisterPayload, type RegisterResult } from '../contract.ts';

export interface RegisterDeps {
  readonly db: Kysely<Warehouse>;
  readonly queues: Queues;
}

/**
 * Records an upload as a `queued` submission and starts its parse → load flow. The same bytes
 * already counted (or in flight) make it `unchanged`. Idempotent: a retry finds the submission
 * its first attempt created, and the flow's job ids stop a second flow.
 */
export async function registerUpload(deps: RegisterDeps, payload: RegisterPayload): Promise<RegisterResult> {
  const uploadedAt = new Date(payload.uploadedAt);
  const retried = await findUpload(deps.db, payload.sha256, uploadedAt);
  if (retried?.finished) return { submissionId: retried.submissionId, status: 'queued' };
  const same = retried ? undefined : await findSameFile(deps.db, payload.sha256);
  if (same) return { submissionId: same.submissionId, status: same.status === 'queued' ? 'queued' : 'unchanged' };
  const submissionId =
    retried?.submissionId ??
    (await createSubmission(deps.db, {
      sha256: payload.sha256,
      fileName: payload.fileName,
      fileSize: payload.fileSize,
      uploadedBy: payload.uploadedBy,
      uploadedAt,
      asOf: new Date(payload.asOf),
    }));
  await startFlow(deps.queues, submissionId, payload);
  return { submissionId, status: 'queued' };
}

async function startFlow(queues: Queues, submissionId: number, payload: RegisterPayload): Promise<void> {
  await queues.flows.add({
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
  });
}
