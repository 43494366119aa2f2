import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { DedupResult } from '../../pipeline/dedup/dedup-types.ts';
import { silentLogger } from '../../workers/logger.ts';
import { dedupResultFile } from '../../workers/processors/dedup.ts';
import { loadContext, type CliContext } from '../context.ts';
import { resolveRound } from '../round-option.ts';
import { openPipelineSession } from '../pipeline-session.ts';
import { registerDecisionCommands } from './dedup-decisions.ts';

/** Registers `sis dedup [--round R] [--json]`: runs duplicate detection now and prints its clusters. */
export function registerDedupCommand(program: Command): void {
  const dedup = program
    .command('dedup')
    .description(
      'find children counted twice in a round (same ID; same name and birth date; probable same person)',
    )
    .option('--round <round>', 'round, e.g. 2562-2 (default: the current round)')
    .option('--json', 'print { round, clusters, records, byRule, clusterList }')
    .action(async (flags: { round?: string; json?: boolean }) => {
      const ctx = await loadContext();
      const roundId = resolveRound(ctx, flags.round);
      const result = await runDedupNow(ctx, roundId);
      process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : describe(result));
    });
  registerDecisionCommands(dedup);
}

/** Asks the loader to run duplicate detection for a round, waits, and reads the written result. */
export async function runDedupNow(ctx: CliContext, roundId: string): Promise<DedupResult> {
  const session = await openPipelineSession(ctx, silentLogger);
  try {
    const job = await session.queues.load.add(
      'dedup',
      { roundId },
      { attempts: 1, removeOnComplete: { age: 3600 } },
    );
    await job.waitUntilFinished(session.queues.loadEvents, 10 * 60_000);
    return JSON.parse(await readFile(dedupResultFile(session.paths.reports, roundId), 'utf8')) as DedupResult;
  } finally {
    await session.close();
  }
}

function describe(result: DedupResult): string {
  const { sameId, sameNameDob, probable } = result.byRule;
  return (
    `round ${result.round}: ${result.clusters} clusters over ${result.records} records\n` +
    `  same ID in two institutions:       ${sameId}\n` +
    `  same name, birth date, other ID:   ${sameNameDob}\n` +
    `  probable same person:              ${probable}\n`
  );
}
