import type { Command } from 'commander';
import type { NationalTotals } from '../../pipeline/signoff/national-totals.ts';
import type { ProvincesStatus } from '../../pipeline/signoff/province-status.ts';
import { loadContext } from '../context.ts';
import { runLoaderJob } from '../loader-job.ts';
import { resolveRound } from '../round-option.ts';

/**
 * `sis provinces status --round R --json`: every province's certification and completeness
 * (`{ round, formsDueAt, provinces: [ { province, status, certifiedAt, certifiedBy, expected,
 * accepted, notSubmitted } ] }`); `--totals` prints the national totals from certified versions instead.
 */
export function registerProvincesCommand(program: Command): void {
  const provinces = program
    .command('provinces')
    .description("the department's view of the provinces' sign-off");
  provinces
    .command('status')
    .description('every province: certification status and time, completeness, the forms due date')
    .option('--round <round>', 'round, e.g. 2562-2 (default: the current round)')
    .option('--totals', 'print the national totals summed from certified versions only')
    .option('--json', 'one JSON document on stdout')
    .action(async (flags: { round?: string; json?: boolean; totals?: boolean }) => {
      const ctx = await loadContext();
      const roundId = resolveRound(ctx, flags.round);
      const { status, totals } = (await runLoaderJob(ctx, 'signoff', {
        op: 'status',
        roundId,
        at: new Date().toISOString(),
      })) as { status: ProvincesStatus; totals: NationalTotals };
      if (flags.totals) return void process.stdout.write(`${JSON.stringify(totals)}\n`);
      if (flags.json) {
        const provinces = status.provinces.map((p) => ({
          province: p.province,
          status: p.status,
          certifiedAt: p.certifiedAt,
          certifiedBy: p.certifiedBy,
          expected: p.expected,
          accepted: p.accepted,
          notSubmitted: p.notSubmitted,
        }));
        return void process.stdout.write(
          `${JSON.stringify({ round: status.round, formsDueAt: status.formsDueAt, provinces })}\n`,
        );
      }
      process.stdout.write(
        `round ${status.round}: forms due ${status.formsDueAt} (${status.daysLeft} days)\n`,
      );
      for (const p of status.provinces.filter((x) => x.expected > 0 || x.version !== null))
        process.stdout.write(
          `${p.province}\t${p.status}\t${p.certifiedAt ?? '-'}\t${p.accepted}/${p.expected} accepted\t${p.notSubmitted} not submitted${p.late ? '\tLATE' : ''}\n`,
        );
    });
}
