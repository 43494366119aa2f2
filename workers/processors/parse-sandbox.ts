import type { SandboxedJob } from 'bullmq';
import { DelayedError, UnrecoverableError } from './job-errors.ts';
import { parseConfig, runtimePaths, type Config } from '../../pipeline/config.ts';
import { SisError, isPermanentError } from '../../pipeline/errors.ts';
import { SHIPPED_REFERENCE_DIR, loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import {
  annotatePayloadSchema,
  parsePayloadSchema,
  type AnnotateResult,
  type ParseResult,
} from '../contract.ts';
import { createLogger } from '../logger.ts';
import { parseStoredFiles } from './parse.ts';

/**
 * Entry point of the sandboxed parse processor (a child process per concurrent job of a group of
 * files), which also serves the `annotate` queue (a loaded group's annotated workbooks). Config
 * and reference data are read once per child, on its first job, from the environment it inherits.
 */
let context: Promise<{ config: Config; reference: Reference }> | undefined;

function loadOnce(): Promise<{ config: Config; reference: Reference }> {
  context ??= (async () => {
    const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
    return { config, reference: await loadReference(config.referenceDir) };
  })();
  return context;
}

export default async function processParseJob(
  job: SandboxedJob,
  token?: string,
): Promise<ParseResult | AnnotateResult> {
  const deps = await loadOnce();
  if (job.name === 'annotate') return annotate(deps.config, job, token);
  const payload = parsePayloadSchema.parse(job.data);
  await holdForTests();
  try {
    return await parseStoredFiles(
      { ...deps, progress: (p) => job.updateProgress(p) },
      payload,
      earlierAttempts(job),
    );
  } catch (error) {
    // The sandbox passes the error's name on, so BullMQ still sees it as unrecoverable.
    if (isPermanentError(error)) throw new UnrecoverableError((error as Error).message);
    if (isStorageFault(error)) return await waitForStorage(job, token, error);
    throw error;
  }
}

/** The longest wait between two tries of a job whose storage failed. */
const STORAGE_RETRY_MAX_MS = 60_000;

function isStorageFault(error: unknown): error is SisError {
  return error instanceof SisError && error.code === 'storage/io' && error.retryable;
}

/**
 * A disk that is full or a staging folder that cannot be written says nothing about the file: the
 * job waits (1 s, 2 s, 4 s … at most a minute) and tries again without spending one of its
 * attempts, for as long as the fault lasts, so the file is not closed as processing-failed. Each
 * try logs the error. Nothing of the try is published: a part counts only once its summaries exist.
 */
async function waitForStorage(job: SandboxedJob, token: string | undefined, error: SisError): Promise<never> {
  const delay = Math.min(STORAGE_RETRY_MAX_MS, 1000 * 2 ** Math.min(6, earlierAttempts(job)));
  createLogger('parse').warn(`${job.name} job waits for storage`, { job: job.id, retryInMs: delay, error });
  await job.moveToDelayed(Date.now() + delay, token);
  throw new DelayedError(`storage failed, tried again in ${delay} ms: ${error.message}`);
}

async function annotate(config: Config, job: SandboxedJob, token?: string): Promise<AnnotateResult> {
  const payload = annotatePayloadSchema.parse(job.data);
  try {
    // Imported on the first annotate job only: the workbook writer (ExcelJS) is slow to load, and
    // a child that only parses never needs it.
    const { annotateSubmissions } = await import('./annotate.ts');
    return await annotateSubmissions({ paths: runtimePaths(config) }, payload);
  } catch (error) {
    if (isPermanentError(error)) throw new UnrecoverableError((error as Error).message);
    // A workbook that cannot be stored for now waits like a parse, rather than fail for good.
    if (isStorageFault(error)) return await waitForStorage(job, token, error);
    throw error;
  }
}

/** Attempts before this one: failed ones, and started ones whose worker died (stalled jobs). */
function earlierAttempts(job: SandboxedJob): number {
  const started = (job as unknown as { attemptsStarted?: number }).attemptsStarted ?? 1;
  return Math.max(job.attemptsMade, started - 1);
}

/** Tests that kill a worker mid-job set SIS_TEST_PARSE_DELAY_MS to hold the job open. */
async function holdForTests(): Promise<void> {
  const delay = Number(process.env.SIS_TEST_PARSE_DELAY_MS ?? 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
}
