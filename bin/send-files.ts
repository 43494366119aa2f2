import type { SubmissionReport } from '../pipeline/load/submission-report.ts';
import type { IntakeDeps } from '../workers/intake.ts';
import { sendFiles as send, type SendMeta } from '../workers/send-files.ts';
import { createProgress } from './progress.ts';
import { readInput } from './read-input.ts';

export type { SendMeta };

/**
 * Sends every file through intake in waves (each file read only when its wave goes), with a
 * progress bar on a terminal. Reports come back in the order of `files`.
 */
export async function sendFiles(
  intake: IntakeDeps,
  files: readonly string[],
  meta: SendMeta,
): Promise<SubmissionReport[]> {
  const progress = createProgress(files.length, 'files');
  try {
    return await send(intake, files, meta, { read: readInput, onReports: (n) => progress.tick(n) });
  } finally {
    progress.stop();
  }
}
