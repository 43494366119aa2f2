import os from 'node:os';
import { SisError } from '../pipeline/errors.ts';
import { silentLogger } from '../workers/logger.ts';
import type { AccountPayload } from '../workers/processors/accounts.ts';
import type { CliContext } from './context.ts';
import { openPipelineSession } from './pipeline-session.ts';

/**
 * Runs one job on the loader (the running `sis serve`'s, or one started here) and waits for its
 * result. The job is removed as soon as it ends: account payloads carry password hashes.
 */
export async function runLoaderJob(ctx: CliContext, name: string, payload: unknown): Promise<unknown> {
  const session = await openPipelineSession(ctx, silentLogger);
  try {
    const job = await session.queues.load.add(name, payload, {
      attempts: 1,
      removeOnComplete: true,
      removeOnFail: true,
    });
    try {
      return await job.waitUntilFinished(session.queues.loadEvents, 60_000);
    } catch (cause) {
      throw new SisError('input/bad-argument', (cause as Error).message, { cause });
    }
  } finally {
    await session.close();
  }
}

/** An account change through the loader. */
export function runAccountJob(ctx: CliContext, payload: AccountPayload): Promise<unknown> {
  return runLoaderJob(ctx, 'accounts', payload);
}

/** Who runs a command when `--by` is not given: the operating-system user. */
export function defaultActor(): string {
  try {
    return os.userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

/** Records a CLI change in the audit log (who ran it, what, on what). */
export async function auditCli(
  ctx: CliContext,
  entry: { actor: string; action: string; target?: string; detail?: string; outcome?: 'ok' | 'failed' },
): Promise<void> {
  await runAccountJob(ctx, {
    op: 'audit',
    entries: [{ at: new Date().toISOString(), outcome: 'ok', address: 'cli', ...entry }],
  });
}
