import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { parseConfig, runtimePaths, type Config } from '../../pipeline/config.ts';
import { isPermanentError } from '../../pipeline/errors.ts';
import { SHIPPED_REFERENCE_DIR, loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import {
  annotatePayloadSchema,
  parsePayloadSchema,
  type AnnotateResult,
  type ParseResult,
} from '../contract.ts';
import { annotateSubmissions } from './annotate.ts';
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

export default async function processParseJob(job: SandboxedJob): Promise<ParseResult | AnnotateResult> {
  const deps = await loadOnce();
  if (job.name === 'annotate') return annotate(deps.config, job);
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
    throw error;
  }
}

async function annotate(config: Config, job: SandboxedJob): Promise<AnnotateResult> {
  const payload = annotatePayloadSchema.parse(job.data);
  try {
    return await annotateSubmissions({ paths: runtimePaths(config) }, payload);
  } catch (error) {
    if (isPermanentError(error)) throw new UnrecoverableError((error as Error).message);
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
