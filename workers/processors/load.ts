import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { loadSubmission } from '../../pipeline/load/load-submission.ts';
import { rejectSubmission } from '../../pipeline/load/reject-submission.ts';
import { writeReportFile } from '../../pipeline/load/report-files.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { stagingDir, summaryFile } from '../../pipeline/staging/write-staging.ts';
import type { LoadPayload, LoadResult } from '../contract.ts';

export interface LoadJobDeps {
  readonly connection: DuckDBConnection;
  readonly db: Kysely<Warehouse>;
  readonly paths: { readonly staging: string; readonly reports: string };
  readonly now: () => Date;
  /** Called after a file's rows changed the warehouse (debounces duplicate detection). */
  readonly onLoaded: (report: SubmissionReport) => Promise<void>;
}

/**
 * The parent of a parse job: loads what the parse staged. With no staging (the parse failed for
 * good), the submission is closed as rejected with a processing-failed issue.
 */
export async function loadParsedFile(deps: LoadJobDeps, payload: LoadPayload): Promise<LoadResult> {
  const dir = stagingDir(deps.paths.staging, payload.submissionId);
  const staged = await stat(summaryFile(dir)).then(
    () => true,
    () => false,
  );
  const report = staged
    ? await loadSubmission(deps, { submissionId: payload.submissionId, stagingDir: dir, now: deps.now() })
    : await rejectSubmission(deps, payload.submissionId, 'file/processing-failed', deps.now());
  await writeReportFile(deps.paths.reports, report);
  if (report.status === 'accepted' || report.status === 'partial') await deps.onLoaded(report);
  return { submissionId: payload.submissionId, status: report.status as LoadResult['status'] };
}
