import { isFileLevel, type Issue } from '../issues/issue.ts';

/** The outcome of a file: all rows counted, some rows counted, or nothing counted. */
export type SubmissionStatus = 'accepted' | 'partial' | 'rejected';

/**
 * The one policy that turns issues into an outcome: any file-level issue, or no accepted row,
 * rejects the file; rejected rows make it partial; warnings never change the outcome.
 */
export function decideStatus(
  issues: readonly Issue[],
  rowsAccepted: number,
  rowsRejected: number,
): SubmissionStatus {
  if (rowsAccepted === 0 || issues.some(isFileLevel)) return 'rejected';
  return rowsRejected > 0 ? 'partial' : 'accepted';
}
