import { readSubmissionReportFile } from '../../pipeline/load/report-files.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { annotateReport } from '../../pipeline/annotate/annotate-report.ts';
import { getBlob } from '../../pipeline/storage/blob-store.ts';
import { hasAnnotated, storeAnnotated } from '../../pipeline/storage/annotated-store.ts';
import { SisError } from '../../pipeline/errors.ts';
import type { AnnotatePayload, AnnotateResult } from '../contract.ts';

export interface AnnotateJobDeps {
  readonly paths: { readonly uploads: string; readonly reports: string; readonly annotated: string };
}

/**
 * Builds and stores the annotated workbook of the job's finished file, once: a file that has one
 * already is skipped, so a retried or repeated job changes nothing. Runs in a sandboxed child,
 * never in the process that owns the warehouse.
 */
export async function annotateSubmissions(
  deps: AnnotateJobDeps,
  payload: AnnotatePayload,
): Promise<AnnotateResult> {
  const report = await readSubmissionReportFile(deps.paths.reports, payload.submissionId);
  if (report.status === 'queued' || report.status === 'unchanged') return { stored: [] };
  if (await hasAnnotated(deps.paths.annotated, report.submissionId)) return { stored: [] };
  const bytes = await annotateReport(report, () => readUpload(deps, report));
  const stored = await storeAnnotated(deps.paths.annotated, report.submissionId, bytes);
  return { stored: stored ? [report.submissionId] : [] };
}

/** The upload's bytes; a blob gone for good leaves the summary sheet alone, listing every issue. */
async function readUpload(deps: AnnotateJobDeps, report: SubmissionReport): Promise<Uint8Array | undefined> {
  try {
    return await getBlob(deps.paths.uploads, report.sha256);
  } catch (error) {
    if (error instanceof SisError && error.code === 'storage/missing-blob') return undefined;
    throw error;
  }
}
