import type { Command } from 'commander';
import type { ConflictResult, DedupResult, SchoolClaimResult } from '../../pipeline/dedup/dedup-types.ts';
import { listConflicts, readSchoolClaimsResult, runDedupNow } from '../../workers/intake.ts';
import { silentLogger } from '../../workers/logger.ts';
import { loadContext } from '../context.ts';
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
      const session = await openPipelineSession(ctx, silentLogger);
      try {
        const result = await runDedupNow({ queues: session.queues, paths: session.paths }, roundId);
        process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : describe(result));
      } finally {
        await session.close();
      }
    });
  dedup
    .command('schools')
    .description(
      'runs duplicate detection now and prints other-affiliation schools claimed by two or more LAOs',
    )
    .option('--round <round>', 'round, e.g. 2562-2 (default: the current round)')
    .option('--json', 'print { round, clusters, clusterList }')
    .action(async (_flags: unknown, command: Command) => {
      // `dedup` itself takes --round and --json: read them wherever they were given.
      const flags = command.optsWithGlobals<{ round?: string; json?: boolean }>();
      const ctx = await loadContext();
      const roundId = resolveRound(ctx, flags.round);
      const session = await openPipelineSession(ctx, silentLogger);
      try {
        const deps = { queues: session.queues, paths: session.paths };
        await runDedupNow(deps, roundId);
        const claims = await readSchoolClaimsResult(deps, roundId);
        process.stdout.write(flags.json ? `${JSON.stringify(claims)}\n` : describeClaims(claims));
      } finally {
        await session.close();
      }
    });
  dedup
    .command('conflicts')
    .description(
      'lists clusters whose records two institutions both answered 100 (attends here): escalated to the province',
    )
    .option('--round <round>', 'round, e.g. 2562-2 (default: the current round)')
    .option('--province <code>', 'only clusters with a member in this province')
    .option('--json', 'print { round, clusters, clusterList }')
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<{ round?: string; province?: string; json?: boolean }>();
      const ctx = await loadContext();
      const roundId = resolveRound(ctx, flags.round);
      const session = await openPipelineSession(ctx, silentLogger);
      try {
        const deps = { queues: session.queues, paths: session.paths };
        const result = await listConflicts(deps, roundId, flags.province);
        process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : describeConflicts(result));
      } finally {
        await session.close();
      }
    });
  registerDecisionCommands(dedup);
}

function describeConflicts(result: ConflictResult): string {
  const lines = [
    `round ${result.round}: ${result.clusters} clusters in conflict, for the province to settle`,
  ];
  for (const c of result.clusterList) {
    const members = c.members.map((m) => `${m.institutionCode}:${m.submissionId}:${m.row}`).join(', ');
    lines.push(`  ${c.clusterId} (${c.rule}, province ${c.provinceCodes.join('/')}): ${members}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeClaims(result: SchoolClaimResult): string {
  const lines = [`round ${result.round}: ${result.clusters} schools claimed by two or more LAOs`];
  for (const c of result.clusterList) {
    const owner = c.owner ? `registry owner ${c.owner.laoCode}` : 'not in the registry';
    const claims = c.claims.map((claim) => `${claim.laoCode} ${claim.pupils}`).join(', ');
    lines.push(`  ${c.schoolCode} (${owner}): ${claims}`);
  }
  return `${lines.join('\n')}\n`;
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
