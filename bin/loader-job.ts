import os from 'node:os';
import type { z } from 'zod';
import { SisError } from '../pipeline/errors.ts';
import type { Queues } from '../workers/connection.ts';
import { silentLogger } from '../workers/logger.ts';
import { accountPayloadSchema, type AccountPayload } from '../workers/processors/accounts.ts';
import { windowPayloadSchema, type WindowPayload } from '../workers/processors/window.ts';
import type { CliContext } from './context.ts';
import { openPipelineSession } from './pipeline-session.ts';

/**
 * Runs one job on the loader (the running `sis serve`'s, or one started here) and waits for its
 * result. The job is removed as soon as it ends: account payloads carry password hashes.
 */
export async function runLoaderJob(ctx: CliContext, name: string, payload: unknown): Promise<unknown> {
  const session = await openPipelineSession(ctx, silentLogger);
  try {
    return await runJobOn(session.queues, name, payload);
  } finally {
    await session.close();
  }
}

/** One job on the loader of open queues, waited for. */
export async function runJobOn(queues: Queues, name: string, payload: unknown): Promise<unknown> {
  const job = await queues.load.add(name, payload, {
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: true,
  });
  try {
    return await job.waitUntilFinished(queues.loadEvents, 60_000);
  } catch (cause) {
    throw new SisError('input/bad-argument', (cause as Error).message, { cause });
  }
}

/** An account change through the loader; a bad argument is one readable line. */
export function runAccountJob(ctx: CliContext, payload: AccountPayload): Promise<unknown> {
  return runLoaderJob(ctx, 'accounts', checked(accountPayloadSchema, payload));
}

/** A change of a round's window or its exceptions through the loader (or a listing). */
export function runWindowJob(ctx: CliContext, payload: WindowPayload): Promise<unknown> {
  return runLoaderJob(ctx, 'window', checked(windowPayloadSchema, payload));
}

function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`)
    .join('; ');
  throw new SisError('input/bad-argument', detail);
}

/** Who runs a command when `--by` is not given: the operating-system user. */
export function defaultActor(): string {
  try {
    return os.userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

export interface CliAudit {
  readonly actor: string;
  readonly action: string;
  readonly target?: string;
  readonly detail?: string;
  readonly outcome?: 'ok' | 'failed';
}

/** Records a CLI change in the audit log (who ran it, what, on what), through open queues. */
export async function auditOn(queues: Queues, entry: CliAudit): Promise<void> {
  await runJobOn(queues, 'accounts', {
    op: 'audit',
    entries: [{ at: new Date().toISOString(), outcome: 'ok', address: 'cli', ...entry }],
  });
}

/** Records a CLI change in the audit log, opening the queues for it. */
export async function auditCli(ctx: CliContext, entry: CliAudit): Promise<void> {
  await runLoaderJob(ctx, 'accounts', {
    op: 'audit',
    entries: [{ at: new Date().toISOString(), outcome: 'ok', address: 'cli', ...entry }],
  });
}
