import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { inTransaction } from '../db/database.ts';
import type { Warehouse } from '../db/schema.ts';
import { getSubmission } from '../db/submission-repository.ts';
import { makeIssue } from '../issues/issue.ts';
import { toIssueRow } from '../issues/issue-row.ts';
import type { IssueCode } from '../issues/codes.ts';
import { readSubmissionReport, type SubmissionReport } from './submission-report.ts';

/**
 * Closes a submission as rejected with one file-level issue, when no parse result exists
 * (processing failed for good). The clerk still gets a report; nothing counted is touched.
 */
export async function rejectSubmission(
  deps: { connection: DuckDBConnection; db: Kysely<Warehouse> },
  submissionId: number,
  code: IssueCode,
  now: Date,
): Promise<SubmissionReport> {
  const submission = await getSubmission(deps.db, submissionId);
  if (submission?.finished) return readSubmissionReport(deps.connection, submissionId);
  const issue = makeIssue(code);
  await inTransaction(deps.connection, async () => {
    await deps.db.deleteFrom('issues').where('submission_id', '=', BigInt(submissionId)).execute();
    await deps.db
      .insertInto('issues')
      .values({ submission_id: submissionId, ...toIssueRow(issue, 1) })
      .execute();
    await deps.db
      .updateTable('submissions')
      .set({ status: 'rejected', is_current: false, errors: 1, finished_at: now })
      .where('submission_id', '=', BigInt(submissionId))
      .execute();
  });
  return readSubmissionReport(deps.connection, submissionId);
}
