import { readFile } from 'node:fs/promises';
import { Job } from 'bullmq';
import type { ZodType } from 'zod';
import type { ConflictResult, DedupResult, SchoolClaimResult } from '../pipeline/dedup/dedup-types.ts';
import type { RecordMark } from '../pipeline/dedup/record-decisions.ts';
import { readGroupReport } from '../pipeline/load/report-files.ts';
import type { SubmissionReport } from '../pipeline/load/submission-report.ts';
import { blobSize, moveIntoBlobs, putBlob } from '../pipeline/storage/blob-store.ts';
import { SisError } from '../pipeline/errors.ts';
import type { Queues } from './connection.ts';
import { dedupResultFile, schoolClaimsFile } from './processors/dedup.ts';
import { conflictsFile } from './processors/dedup-conflicts.ts';
import { decisionPayloadSchema } from './processors/dedup-decisions.ts';
import { recordMarkPayloadSchema } from './processors/record-decisions.ts';
import { windowPayloadSchema } from './processors/window.ts';
import type { RegistryLoadResult, RegistryPayload } from './processors/registry.ts';
import {
  JOB_OPTIONS,
  jobIds,
  registerPayloadSchema,
  type Registered,
  type RegisterResult,
  type Upload,
  type UploadContent,
  scopedUploadIdentity,
} from './contract.ts';

export type { Upload };

export interface IntakeDeps {
  readonly queues: Queues;
  readonly paths: { readonly uploads: string; readonly reports: string };
}

export interface Submitted {
  /** The files in the order they were given. */
  readonly files: ReadonlyArray<{ readonly sha256: string; readonly fileName: string }>;
  readonly registerJob: Job;
}

/**
 * Stores each file's bytes content-addressed, then asks the loader, in one job, to record them
 * all and start their flows. At most {@link GROUPS.waveFiles} files per call.
 */
export async function submitUploads(deps: IntakeDeps, uploads: readonly Upload[]): Promise<Submitted> {
  const stored = await Promise.all(uploads.map((u) => storeContent(deps.paths.uploads, u)));
  const payload = registerPayloadSchema.parse({
    uploads: uploads.map((upload, i) => ({
      sha256: stored[i]!.sha256,
      fileName: upload.fileName,
      fileSize: stored[i]!.size,
      uploadedBy: upload.uploadedBy,
      uploadedAt: upload.uploadedAt.toISOString(),
      asOf: upload.asOf.toISOString(),
      options: upload.options,
      uploaderProvince: upload.uploaderProvince,
    })),
  });
  const first = payload.uploads[0]!;
  const registerJob = await deps.queues.load.add('register', payload, {
    ...JOB_OPTIONS.register,
    jobId: jobIds.register(
      payload.uploads.map((u) => scopedUploadIdentity(u.sha256, u.options, u.uploaderProvince)),
      first.uploadedAt,
    ),
  });
  return {
    files: payload.uploads.map((u) => ({ sha256: u.sha256, fileName: u.fileName })),
    registerJob,
  };
}

/** Puts an upload's bytes in the store (a file on disk is moved there); returns their hash and size. */
export async function storeContent(
  dir: string,
  content: UploadContent,
): Promise<{ sha256: string; size: number }> {
  if ('bytes' in content)
    return { sha256: await putBlob(dir, content.bytes), size: content.bytes.byteLength };
  if ('file' in content)
    return {
      sha256: await moveIntoBlobs(dir, content.file.path, content.file.sha256),
      size: content.file.size,
    };
  return { sha256: content.stored, size: await blobSize(dir, content.stored) };
}

/** One file: {@link submitUploads} of a single upload. */
export function submitUpload(deps: IntakeDeps, upload: Upload): Promise<Submitted> {
  return submitUploads(deps, [upload]);
}

/** Waits for the loader to record the uploads; returns each one's submission, in order. */
export async function waitForRegistration(
  deps: IntakeDeps,
  submitted: Submitted,
  timeoutMs: number,
): Promise<readonly Registered[]> {
  const result = (await waitForJob(deps, submitted.registerJob, timeoutMs)) as RegisterResult;
  return result.files;
}

/**
 * Waits until the files' submissions are loaded and returns their reports, in order. A file
 * already counted comes back as `unchanged` with the earlier submission's figures.
 */
export async function waitForReports(
  deps: IntakeDeps,
  submitted: Submitted,
  registered: readonly Registered[],
  timeoutMs: number,
): Promise<SubmissionReport[]> {
  const queued = new Set(registered.flatMap((r) => (r.status === 'queued' && r.group ? [r.group] : [])));
  await Promise.all(
    [...queued].map(async (group) => {
      const loadJob = await Job.fromId(deps.queues.load, jobIds.load(group));
      // A job already removed has finished long ago: its reports are written.
      if (loadJob) await waitForJob(deps, loadJob, timeoutMs);
    }),
  );
  const groups = [...new Set(registered.flatMap((r) => (r.group ? [r.group] : [])))];
  const read = await Promise.all(groups.map((group) => readGroupReport(deps.paths.reports, group)));
  const reports = new Map(read.flat().map((report) => [report.submissionId, report]));
  return registered.map((r, i) => {
    const report = reports.get(r.submissionId);
    if (!report) throw new SisError('storage/io', `no report of submission ${r.submissionId}`);
    // The same bytes may have been sent before under another name: report under this one.
    return {
      ...report,
      file: submitted.files[i]!.fileName,
      status: r.status === 'unchanged' ? 'unchanged' : report.status,
    };
  });
}

/** Sends files in one wave and waits for their reports. */
export async function ingestUploads(
  deps: IntakeDeps,
  uploads: readonly Upload[],
  timeoutMs: number,
): Promise<SubmissionReport[]> {
  const submitted = await submitUploads(deps, uploads);
  return waitForReports(deps, submitted, await waitForRegistration(deps, submitted, timeoutMs), timeoutMs);
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

/** The same-school clusters the latest duplicate detection of a round wrote (run it first). */
export async function readSchoolClaimsResult(deps: IntakeDeps, roundId: string): Promise<SchoolClaimResult> {
  return JSON.parse(
    await readFile(schoolClaimsFile(deps.paths.reports, roundId), 'utf8'),
  ) as SchoolClaimResult;
}

/**
 * Asks the loader to mark a counted record with an outcome code and waits for the kept mark. The
 * input is checked against the job's schema first; a mark the loader refuses (no such record) is
 * an `input/bad-argument` error carrying its reason.
 */
export async function markRecordNow(deps: IntakeDeps, input: unknown): Promise<RecordMark> {
  return (await runCheckedJob(deps, 'record-mark', recordMarkPayloadSchema, input)) as RecordMark;
}

/**
 * Asks the loader to record an institution's answer for a flagged record (the job
 * `sis dedup decide` sends) and waits for it; a refused answer is an `input/bad-argument` error.
 */
export async function decideDuplicateNow(deps: IntakeDeps, input: unknown): Promise<{ decisionId: number }> {
  return (await runCheckedJob(deps, 'dedup-decide', decisionPayloadSchema, input)) as { decisionId: number };
}

/**
 * Asks the loader to change a round's window or its exceptions (the job `sis window` sends; the
 * loader writes the audit line in the same transaction) and waits for it.
 */
export function changeWindowNow(deps: IntakeDeps, input: unknown): Promise<unknown> {
  return runCheckedJob(deps, 'window', windowPayloadSchema, input);
}

/** Checks a payload against its job's schema, runs the job on the loader once and waits for it. */
async function runCheckedJob(
  deps: IntakeDeps,
  name: string,
  schema: ZodType,
  input: unknown,
): Promise<unknown> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new SisError('input/bad-argument', detail);
  }
  const job = await deps.queues.load.add(name, parsed.data, {
    attempts: 1,
    removeOnComplete: { age: 3600 },
    removeOnFail: { age: 3600 },
  });
  try {
    return await job.waitUntilFinished(deps.queues.loadEvents, 60_000);
  } catch (cause) {
    throw new SisError('input/bad-argument', (cause as Error).message, { cause });
  }
}

/**
 * Asks the loader to list a round's clusters in conflict as they stand now, optionally only those
 * with a member in one province, and reads the written list.
 */
export async function listConflicts(
  deps: IntakeDeps,
  roundId: string,
  provinceCode?: string,
): Promise<ConflictResult> {
  const job = await deps.queues.load.add(
    'dedup-conflicts',
    { roundId },
    { attempts: 1, removeOnComplete: { age: 3600 } },
  );
  await job.waitUntilFinished(deps.queues.loadEvents, 60_000);
  const all = JSON.parse(
    await readFile(conflictsFile(deps.paths.reports, roundId), 'utf8'),
  ) as ConflictResult;
  const clusterList = all.clusterList.filter(
    (c) => provinceCode === undefined || c.provinceCodes.includes(provinceCode),
  );
  return { round: all.round, clusters: clusterList.length, clusterList };
}

/** Asks the loader to run duplicate detection for a round now; returns its job without waiting. */
export function requestDedup(deps: Pick<IntakeDeps, 'queues'>, roundId: string): Promise<Job> {
  return deps.queues.load.add('dedup', { roundId }, { attempts: 1, removeOnComplete: { age: 3600 } });
}

/** Asks the loader to run duplicate detection for a round now, waits, and reads the written result. */
export async function runDedupNow(deps: IntakeDeps, roundId: string): Promise<DedupResult> {
  const job = await requestDedup(deps, roundId);
  await job.waitUntilFinished(deps.queues.loadEvents, 10 * 60_000);
  return JSON.parse(await readFile(dedupResultFile(deps.paths.reports, roundId), 'utf8')) as DedupResult;
}
