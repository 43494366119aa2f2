import type { Command } from 'commander';
import type { z } from 'zod';
import { SisError } from '../../pipeline/errors.ts';
import { silentLogger } from '../../workers/logger.ts';
import {
  decisionPayloadSchema,
  notSamePayloadSchema,
  type MemberRef,
} from '../../workers/processors/dedup-decisions.ts';
import { loadContext } from '../context.ts';
import { openPipelineSession } from '../pipeline-session.ts';
import { auditCli, defaultActor } from '../loader-job.ts';
import { resolveRound } from '../round-option.ts';

interface DecideFlags {
  round?: string;
  cluster: string;
  institution: string;
  submission: string;
  row: string;
  outcome: string;
  note?: string;
  by: string;
}

interface NotSameFlags {
  round?: string;
  cluster: string;
  a: string;
  b: string;
  note?: string;
  by: string;
}

/**
 * `sis dedup decide` and `sis dedup not-same`: an institution's answer for a flagged record
 * (the OPEC outcome codes, see README), or two records marked as different children. Records are named as
 * `sis dedup --json` lists them (cluster, institution, submission, row).
 */
export function registerDecisionCommands(dedup: Command): void {
  dedup
    .command('decide')
    .description(
      'record an answer for a flagged record: 100 attends here; 201 not found, 202 graduated, 203 moved out, 204 unreachable, 205 deceased, 206 other (with --note)',
    )
    .requiredOption('--cluster <id>', 'cluster id')
    .requiredOption('--institution <code>', 'institution answering')
    .requiredOption('--submission <id>', 'submission id of the record')
    .requiredOption('--row <n>', 'sheet row of the record')
    .requiredOption('--outcome <code>', '100 or 201–206')
    .option('--round <round>', 'round (default: the current one)')
    .option('--note <text>', 'why (required for 206)')
    .option('--by <name>', 'who decides (audit log)', defaultActor())
    .action(async (_flags: unknown, command: Command) => {
      // `dedup` itself takes --round: read it wherever it was given.
      const flags = command.optsWithGlobals<DecideFlags>();
      const ctx = await loadContext();
      const payload = parse(decisionPayloadSchema, {
        roundId: resolveRound(ctx, flags.round),
        member: memberRef(flags.cluster, flags.institution, flags.submission, flags.row),
        outcome: Number(flags.outcome),
        note: flags.note,
        decidedBy: flags.by,
        decidedAt: new Date().toISOString(),
      });
      const result = await runLoaderJob(ctx, 'dedup-decide', payload);
      await auditCli(ctx, {
        actor: flags.by,
        action: 'dedup-decide',
        target: `${flags.cluster} ${flags.institution}:${flags.submission}:${flags.row}`,
        detail: `outcome ${flags.outcome}`,
      });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
  dedup
    .command('not-same')
    .description('mark two flagged records as different children (never raised again)')
    .requiredOption('--cluster <id>', 'cluster id')
    .requiredOption('--a <institution:submission:row>', 'first record')
    .requiredOption('--b <institution:submission:row>', 'second record')
    .option('--round <round>', 'round (default: the current one)')
    .option('--note <text>', 'why')
    .option('--by <name>', 'who decides (audit log)', defaultActor())
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<NotSameFlags>();
      const ctx = await loadContext();
      const payload = parse(notSamePayloadSchema, {
        roundId: resolveRound(ctx, flags.round),
        a: memberRef(flags.cluster, ...split(flags.a)),
        b: memberRef(flags.cluster, ...split(flags.b)),
        note: flags.note,
        markedBy: flags.by,
        markedAt: new Date().toISOString(),
      });
      const result = await runLoaderJob(ctx, 'dedup-not-same', payload);
      await auditCli(ctx, {
        actor: flags.by,
        action: 'dedup-not-same',
        target: `${flags.cluster} ${flags.a} ${flags.b}`,
      });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}

function memberRef(clusterId: string, institutionCode: string, submission: string, row: string): MemberRef {
  return { clusterId, institutionCode, submissionId: Number(submission), row: Number(row) };
}

function split(text: string): [string, string, string] {
  const parts = text.split(':');
  if (parts.length !== 3)
    throw new SisError('input/bad-argument', `expected institution:submission:row, got ${text}`);
  return parts as [string, string, string];
}

/** Parses command-line input with a job's schema; a failure is a bad argument (exit 2). */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new SisError('input/bad-argument', detail);
}

/** Sends one job to the loader (the database's one writer) and waits for its result. */
export async function runLoaderJob(
  ctx: Awaited<ReturnType<typeof loadContext>>,
  name: string,
  payload: unknown,
): Promise<unknown> {
  const session = await openPipelineSession(ctx, silentLogger);
  try {
    const job = await session.queues.load.add(name, payload, {
      attempts: 1,
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 3600 },
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
