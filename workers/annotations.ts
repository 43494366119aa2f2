import type { Job } from 'bullmq';
import { writeSubmissionReport } from '../pipeline/load/report-files.ts';
import type { SubmissionReport } from '../pipeline/load/submission-report.ts';
import type { Queues } from './connection.ts';
import { JOB_OPTIONS, jobIds, type AnnotatePayload, type AnnotationState } from './contract.ts';

/** Asks for the annotated workbooks of loaded groups: one job per group, named by it (added once). */
export async function requestAnnotations(
  queues: Pick<Queues, 'annotate'>,
  groups: readonly string[],
): Promise<void> {
  if (groups.length === 0) return;
  await queues.annotate.addBulk(
    groups.map((group) => ({
      name: 'annotate',
      data: { group } satisfies AnnotatePayload,
      opts: { ...JOB_OPTIONS.annotate, jobId: jobIds.annotate(group) },
    })),
  );
}

/**
 * Asks for one finished submission's annotated workbook, which is not stored: while its group's
 * job is still on its way that one is waited for; otherwise (a file sent before workbooks were
 * built at load, or a group job that failed) the report is written for a child and a job of the
 * submission's own is added. A job of its own that failed for good stays failed (`failed`): the
 * fault is in the worker's log, and asking again would fail again. The caller has found no stored
 * workbook, so a completed job of its own is run again.
 */
export async function requestAnnotation(
  deps: { readonly queues: Pick<Queues, 'annotate'>; readonly paths: { readonly reports: string } },
  report: SubmissionReport,
  group: string | null,
): Promise<AnnotationState> {
  const queue = deps.queues.annotate;
  const groupJob = group ? await queue.getJob(jobIds.annotate(group)) : undefined;
  if (groupJob && (await isOnItsWay(groupJob))) return 'pending';
  const own = await queue.getJob(jobIds.annotateOne(report.submissionId));
  const state = await own?.getState();
  if (state === 'failed') return 'failed';
  if (own && state !== 'completed') return 'pending';
  // Completed, yet the caller found no workbook: it was removed since; build it again.
  if (own) await own.remove();
  await writeSubmissionReport(deps.paths.reports, report);
  await queue.add('annotate', { submissionId: report.submissionId } satisfies AnnotatePayload, {
    ...JOB_OPTIONS.annotate,
    jobId: jobIds.annotateOne(report.submissionId),
  });
  return 'pending';
}

async function isOnItsWay(job: Job): Promise<boolean> {
  const state = await job.getState();
  return state !== 'failed' && state !== 'completed' && state !== 'unknown';
}
