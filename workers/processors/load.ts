import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { hasStaging, loadSubmissions } from '../../pipeline/load/load-submission.ts';
import { rejectSubmission } from '../../pipeline/load/reject-submission.ts';
import { writeReportFile } from '../../pipeline/load/report-files.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { stagingDir } from '../../pipeline/staging/write-staging.ts';
import type { LoadedFile, LoadPayload, LoadResult } from '../contract.ts';

export interface LoadJobDeps {
  readonly connection: DuckDBConnection;
  readonly db: Kysely<Warehouse>;
  readonly paths: { readonly staging: string; readonly reports: string };
  readonly now: () => Date;
  /** Called with the rounds whose counted rows changed (debounces duplicate detection). */
  readonly onLoaded: (rounds: ReadonlySet<string>) => Promise<void>;
}

/** Load jobs (each a group of files), many at once: one transaction for all their files. */
export async function loadGroups(deps: LoadJobDeps, groups: readonly LoadPayload[]): Promise<LoadResult[]> {
  const loaded = await loadParsedFiles(
    deps,
    groups.flatMap((g) => g.submissionIds),
  );
  const byId = new Map(loaded.map((f) => [f.submissionId, f]));
  return groups.map((g) => ({ files: g.submissionIds.map((id) => byId.get(id)!) }));
}

/**
 * The parents of parse jobs, many at once: loads what the parses staged in one transaction.
 * A file with no staging (its parse failed for good) is closed as rejected with a
 * processing-failed issue. Reports are written where every process can read them.
 */
export async function loadParsedFiles(
  deps: LoadJobDeps,
  submissionIds: readonly number[],
): Promise<LoadedFile[]> {
  const inputs = submissionIds.map((submissionId) => ({
    submissionId,
    stagingDir: stagingDir(deps.paths.staging, submissionId),
  }));
  const staged = await Promise.all(inputs.map((i) => hasStaging(i.stagingDir)));
  const loaded = await loadSubmissions(
    deps,
    inputs.filter((_, i) => staged[i]),
    deps.now(),
  );
  const failed: SubmissionReport[] = [];
  for (const [i, input] of inputs.entries()) {
    if (!staged[i])
      failed.push(await rejectSubmission(deps, input.submissionId, 'file/processing-failed', deps.now()));
  }
  const reports = new Map([...loaded, ...failed].map((r) => [r.submissionId, r]));
  await Promise.all([...reports.values()].map((r) => writeReportFile(deps.paths.reports, r)));
  const rounds = new Set(
    [...reports.values()]
      .filter((r) => r.status === 'accepted' || r.status === 'partial')
      .flatMap((r) => (r.round ? [r.round] : [])),
  );
  if (rounds.size > 0) await deps.onLoaded(rounds);
  return submissionIds.map((submissionId) => {
    const report = reports.get(submissionId);
    return { submissionId, status: (report?.status ?? 'rejected') as LoadedFile['status'] };
  });
}
