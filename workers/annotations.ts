import { writeSubmissionReport } from '../pipeline/load/report-files.ts';
import type { SubmissionReport } from '../pipeline/load/submission-report.ts';
import type { Queues } from './connection.ts';
import { JOB_OPTIONS, jobIds, type AnnotatePayload, type AnnotationState } from './contract.ts';

/**
 * Asks for one finished submission's annotated workbook, which is not stored: built on first
 * request only (most files are never downloaded marked, and a night of uploads should not pay for
 * them). While its job is on its way that one is waited for; otherwise the report is written for a
 * child (read only now: a visitor who asks again while it is built costs one Redis round trip) and
 * the job is added. A job that failed for good stays failed (`failed`): the fault is in the
 * worker's log, and asking again would fail again. The caller has found no stored workbook, so a
 * completed job (its workbook since removed) is run again.
 */
export async function requestAnnotation(
  deps: { readonly queues: Pick<Queues, 'annotate'>; readonly paths: { readonly reports: string } },
  submissionId: number,
  readReport: () => Promise<SubmissionReport>,
): Promise<AnnotationState> {
  const queue = deps.queues.annotate;
  const own = await queue.getJob(jobIds.annotate(submissionId));
  const state = await own?.getState();
  if (state === 'failed') return 'failed';
  if (own && state !== 'completed' && state !== 'unknown') return 'pending';
  if (own) await own.remove();
  await writeSubmissionReport(deps.paths.reports, await readReport());
  await queue.add('annotate', { submissionId } satisfies AnnotatePayload, {
    ...JOB_OPTIONS.annotate,
    jobId: jobIds.annotate(submissionId),
  });
  return 'pending';
}
