import type { Kysely } from 'kysely';
import { refreshCompletenessSummary } from '../completeness/summary-sql.ts';
import { withDuckDB } from '../db/kysely-duckdb.ts';
import type { Warehouse } from '../db/schema.ts';
import { getSubmission } from '../db/submission-repository.ts';
import { makeIssue } from '../issues/issue.ts';
import { toIssueRow } from '../issues/issue-row.ts';
import type { IssueCode } from '../issues/codes.ts';
import { readSubmissionReport, type SubmissionReport } from './submission-report.ts';

/**
 * Closes a submission as rejected with one file-level issue, when no parse result exists
 * (processing failed for good). The clerk still gets a report; nothing counted is touched, but an
 * institution known for it with no current file becomes `rejected` in its completeness row.
 */
export async function rejectSubmission(
  deps: { db: Kysely<Warehouse> },
  submissionId: number,
  code: IssueCode,
  now: Date,
): Promise<SubmissionReport> {
  const submission = await getSubmission(deps.db, submissionId);
  if (submission?.finished) return readSubmissionReport(deps.db, submissionId);
  const issue = makeIssue(code);
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('issues').where('submission_id', '=', BigInt(submissionId)).execute();
    await trx
      .insertInto('issues')
      .values({ submission_id: submissionId, ...toIssueRow(issue, 1) })
      .execute();
    await trx
      .updateTable('submissions')
      .set({ status: 'rejected', is_current: false, errors: 1, finished_at: now })
      .where('submission_id', '=', BigInt(submissionId))
      .execute();
    await withDuckDB(trx, (c) => refreshCompletenessSummary(c, `SELECT ${Math.trunc(submissionId)}`));
  });
  return readSubmissionReport(deps.db, submissionId);
}
