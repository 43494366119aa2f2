import { rm } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { loadSubmissions, type LoadInput } from '../../pipeline/load/load-submission.ts';
import { rejectSubmission } from '../../pipeline/load/reject-submission.ts';
import { writeGroupReport } from '../../pipeline/load/report-files.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { groupStagingDir, readStagedGroup } from '../../pipeline/staging/write-staging.ts';
import type { LoadPayload, LoadResult } from '../contract.ts';

export interface LoadJobDeps {
  readonly db: Kysely<Warehouse>;
  readonly paths: { readonly staging: string; readonly reports: string };
  readonly now: () => Date;
  /** Called with the rounds whose counted rows changed (debounces duplicate detection). */
  readonly onLoaded: (rounds: ReadonlySet<string>) => Promise<void>;
}

/**
 * Load jobs (the parents of parse jobs, a group of files each), many at once: loads what the
 * parses staged in one transaction. A file with no staging (its parse failed for good) is closed
 * as rejected with a processing-failed issue. Each group's reports are written where every
 * process can read them, then its staging folder goes.
 */
export async function loadGroups(deps: LoadJobDeps, groups: readonly LoadPayload[]): Promise<LoadResult[]> {
  const staged = await Promise.all(
    groups.map((g) => readStagedGroup(groupStagingDir(deps.paths.staging, g.group))),
  );
  const inputs: LoadInput[] = groups.flatMap((g, i) =>
    g.submissionIds.flatMap((submissionId) => {
      const entry = staged[i]!.get(submissionId);
      return entry ? [{ submissionId, ...entry }] : [];
    }),
  );
  const loaded = await loadSubmissions(deps, inputs, deps.now());
  const reports = new Map(loaded.map((r) => [r.submissionId, r]));
  const unstaged = groups.flatMap((g, i) => g.submissionIds.filter((id) => !staged[i]!.has(id)));
  for (const report of await rejectAll(deps, unstaged)) reports.set(report.submissionId, report);
  const results = await finishGroups(deps, groups, reports);
  await deps.onLoaded(countedRounds(loaded));
  return results;
}

/**
 * Closes a group whose load failed for good (a permanent error, or its last attempt): each of its
 * files not finished yet becomes rejected with a processing-failed issue, and the group's reports
 * are written, so no file stays `queued` and every waiting clerk gets an answer. Rows already
 * counted are not touched.
 */
export async function closeGroupAsFailed(deps: LoadJobDeps, group: LoadPayload): Promise<LoadResult> {
  const reports = await rejectAll(deps, group.submissionIds);
  const [result] = await finishGroups(deps, [group], new Map(reports.map((r) => [r.submissionId, r])));
  return result!;
}

/** Closes files that have no parse result as rejected (processing failed); finished ones keep theirs. */
async function rejectAll(deps: LoadJobDeps, submissionIds: readonly number[]): Promise<SubmissionReport[]> {
  const reports: SubmissionReport[] = [];
  for (const id of submissionIds)
    reports.push(await rejectSubmission(deps, id, 'file/processing-failed', deps.now()));
  return reports;
}

/** Writes each group's report file, removes its staging folder and answers its load job. */
async function finishGroups(
  deps: LoadJobDeps,
  groups: readonly LoadPayload[],
  reports: ReadonlyMap<number, SubmissionReport>,
): Promise<LoadResult[]> {
  const byGroup = groups.map((g) => g.submissionIds.map((id) => reports.get(id)!));
  await Promise.all(groups.map((g, i) => writeGroupReport(deps.paths.reports, g.group, byGroup[i]!)));
  await Promise.all(
    groups.map((g) => rm(groupStagingDir(deps.paths.staging, g.group), { recursive: true, force: true })),
  );
  return byGroup.map((reps) => ({
    files: reps.map((r) => ({ submissionId: r.submissionId, status: r.status as LoadedStatus })),
  }));
}

type LoadedStatus = LoadResult['files'][number]['status'];

function countedRounds(reports: readonly SubmissionReport[]): Set<string> {
  return new Set(
    reports
      .filter((r) => r.status === 'accepted' || r.status === 'partial')
      .flatMap((r) => (r.round ? [r.round] : [])),
  );
}
