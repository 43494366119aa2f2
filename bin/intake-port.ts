import { openAnnotated } from '../pipeline/storage/annotated-store.ts';
import { requestAnnotation } from '../workers/annotations.ts';
import type { IntakePort } from '../workers/contract.ts';
import { runSignoffJob } from './signoff-job.ts';
import {
  changeWindowNow,
  decideDuplicateNow,
  markRecordNow,
  requestDedup,
  storeContent,
  submitUpload,
  waitForRegistration,
  type IntakeDeps,
} from '../workers/intake.ts';
import { failedJobs, groupStage, queueStats, retryJob } from '../workers/queue-status.ts';

/** The web app's intake port, served by the queue side of this process (`workers/intake.ts`). */
export function queueIntakePort(
  deps: IntakeDeps & {
    readonly paths: IntakeDeps['paths'] & { readonly annotated: string };
    /** How a replacement preview is read (a child process: {@link childPreviewer}). */
    readonly previewRoster: IntakePort['previewRoster'];
  },
): IntakePort {
  return {
    async acceptUpload(upload, timeoutMs) {
      const submitted = await submitUpload(deps, upload);
      const [registered] = await waitForRegistration(deps, submitted, timeoutMs);
      return {
        submissionId: registered!.submissionId,
        status: registered!.status,
        sha256: submitted.files[0]!.sha256,
      };
    },
    previewRoster: deps.previewRoster,
    openAnnotated: (submissionId) => openAnnotated(deps.paths.annotated, submissionId),
    requestAnnotation: (submissionId, readReport) => requestAnnotation(deps, submissionId, readReport),
    async requestDedup(roundId) {
      await requestDedup(deps, roundId);
    },
    markRecord: (input) => markRecordNow(deps, input),
    holdUpload: async (content) =>
      (
        await storeContent(
          deps.paths.uploads,
          content instanceof Uint8Array ? { bytes: content } : { file: content },
        )
      ).sha256,
    groupStage: (group) => groupStage(deps.queues, group),
    queueStats: (minutes) => queueStats(deps.queues, minutes),
    failedJobs: (limit) => failedJobs(deps.queues, limit),
    retryJob: (queue, jobId) => retryJob(deps.queues, queue, jobId),
    decideDuplicate: (input) => decideDuplicateNow(deps, input),
    changeWindow: (input) => changeWindowNow(deps, input),
    signoff: (input) => runSignoffJob(deps.queues, input),
  };
}
