import { readFile } from 'node:fs/promises';
import { Job } from 'bullmq';
import type { DedupResult } from '../pipeline/dedup/dedup-types.ts';
import { readReportFile } from '../pipeline/load/report-files.ts';
import type { SubmissionReport } from '../pipeline/load/submission-report.ts';
import { putBlob } from '../pipeline/storage/blob-store.ts';
import { SisError } from '../pipeline/errors.ts';
import type { Queues } from './connection.ts';
import { dedupResultFile } from './processors/dedup.ts';
import type { RegistryLoadResult, RegistryPayload } from './processors/registry.ts';
import {
  JOB_OPTIONS,
  jobIds,
  registerPayloadSchema,
  type IngestOptions,
  type RegisterResult,
} from './contract.ts';

export interface IntakeDeps {
  readonly queues: Queues;
  readonly paths: { readonly uploads: string; readonly reports: string };
}

export interface Upload {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly uploadedBy: string;
  /** When the upload arrived. */
  readonly uploadedAt: Date;
  /** The clock the window check uses: the arrival time, or a back-filled instant. */
  readonly asOf: Date;
  readonly options: IngestOptions;
}

export interface Submitted {
  readonly sha256: string;
  readonly fileName: string;
  readonly registerJob: Job;
}

/** Stores the bytes content-addressed, then asks the loader to record the upload and start its flow. */
export async function submitUpload(deps: IntakeDeps, upload: Upload): Promise<Submitted> {
  const sha256 = await putBlob(deps.paths.uploads, upload.bytes);
  const payload = registerPayloadSchema.parse({
    sha256,
    fileName: upload.fileName,
    fileSize: upload.bytes.byteLength,
    uploadedBy: upload.uploadedBy,
    uploadedAt: upload.uploadedAt.toISOString(),
    asOf: upload.asOf.toISOString(),
    options: upload.options,
  });
  const registerJob = await deps.queues.load.add('register', payload, {
    ...JOB_OPTIONS.register,
    jobId: jobIds.register(sha256, payload.uploadedAt),
  });
  return { sha256, fileName: upload.fileName, registerJob };
}

/** Waits for the loader to record the upload; returns its submission id. */
export async function waitForRegistration(
  deps: IntakeDeps,
  submitted: Submitted,
  timeoutMs: number,
): Promise<RegisterResult> {
  return (await waitForJob(deps, submitted.registerJob, timeoutMs)) as RegisterResult;
}

/**
 * Waits until the file's submission is loaded and returns its report. A file already counted
 * comes back as `unchanged` with the earlier submission's figures.
 */
export async function waitForReport(
  deps: IntakeDeps,
  submitted: Submitted,
  registered: RegisterResult,
  timeoutMs: number,
): Promise<SubmissionReport> {
  if (registered.status === 'queued') {
    const loadJob = await Job.fromId(deps.queues.load, jobIds.load(registered.submissionId));
    if (loadJob) await waitForJob(deps, loadJob, timeoutMs);
  }
  const report = await readReportFile(deps.paths.reports, registered.submissionId);
  // The same bytes may have been sent before under another name: report under this one.
  return {
    ...report,
    file: submitted.fileName,
    status: registered.status === 'unchanged' ? 'unchanged' : report.status,
  };
}

async function waitForJob(deps: IntakeDeps, job: Job, timeoutMs: number): Promise<unknown> {
  try {
    return await job.waitUntilFinished(deps.queues.loadEvents, timeoutMs);
  } catch (cause) {
    const message = (cause as Error).message;
    const timedOut = /timed out/iu.test(message);
    throw new SisError(
      timedOut ? 'queue/timeout' : 'queue/failed',
      `job ${job.id} did not finish: ${message}`,
      { cause },
    );
  }
}

/**
 * Stores registry files and asks the loader to replace the registry with them, through the
 * same lane as every other database write; waits for the outcome.
 */
export async function submitRegistry(
  deps: IntakeDeps,
  files: ReadonlyArray<{ fileName: string; bytes: Uint8Array }>,
  allowPartial: boolean,
): Promise<RegistryLoadResult> {
  const stored = await Promise.all(
    files.map(async (f) => ({ sha256: await putBlob(deps.paths.uploads, f.bytes), fileName: f.fileName })),
  );
  const payload: RegistryPayload = { files: stored, allowPartial };
  const job = await deps.queues.load.add('registry', payload, {
    attempts: 1,
    removeOnComplete: { age: 3600 },
  });
  return (await job.waitUntilFinished(deps.queues.loadEvents, 10 * 60_000)) as RegistryLoadResult;
}

/** Asks the loader to run duplicate detection for a round now, waits, and reads the written result. */
export async function runDedupNow(deps: IntakeDeps, roundId: string): Promise<DedupResult> {
  const job = await deps.queues.load.add(
    'dedup',
    { roundId },
    { attempts: 1, removeOnComplete: { age: 3600 } },
  );
  await job.waitUntilFinished(deps.queues.loadEvents, 10 * 60_000);
  return JSON.parse(await readFile(dedupResultFile(deps.paths.reports, roundId), 'utf8')) as DedupResult;
}
