import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SubmissionReport } from '../pipeline/load/submission-report.ts';
import type { IngestOptions } from '../workers/contract.ts';
import { submitUpload, waitForRegistration, waitForReport, type IntakeDeps } from '../workers/intake.ts';
import { createProgress } from './progress.ts';

export interface SendMeta {
  readonly uploadedBy: string;
  /** The clock of the window check; the arrival time when absent. */
  readonly asOf?: Date;
  readonly options: IngestOptions;
}

/** Files are read while being sent, this many at a time: memory stays bounded for any wave. */
const READERS = 16;
const WAIT_MS = 15 * 60_000;

/**
 * Sends every file through intake (reading each only when it is sent), then waits for all the
 * reports: the queue sees the whole wave at once. Reports come back in the order of `files`.
 */
export async function sendFiles(
  intake: IntakeDeps,
  files: readonly string[],
  meta: SendMeta,
): Promise<SubmissionReport[]> {
  const progress = createProgress(files.length, 'files');
  const waiting: Array<Promise<SubmissionReport>> = new Array(files.length);
  let next = 0;
  const send = async () => {
    for (let index = next++; index < files.length; index = next++) {
      const now = new Date();
      const submitted = await submitUpload(intake, {
        bytes: await readFile(files[index]!),
        fileName: path.basename(files[index]!),
        uploadedBy: meta.uploadedBy,
        uploadedAt: now,
        asOf: meta.asOf ?? now,
        options: meta.options,
      });
      waiting[index] = waitForRegistration(intake, submitted, WAIT_MS)
        .then((registered) => waitForReport(intake, submitted, registered, WAIT_MS))
        .finally(() => progress.tick());
    }
  };
  try {
    await Promise.all(Array.from({ length: READERS }, send));
    return await Promise.all(waiting);
  } finally {
    progress.stop();
  }
}
