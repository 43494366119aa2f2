import type { Command } from 'commander';
import { SisError } from '../../pipeline/errors.ts';
import { loadContext, type CliContext } from '../context.ts';
import { defaultActor, runWindowJob } from '../loader-job.ts';
import type { WindowListing } from '../../workers/processors/window.ts';

const INSTANT_HELP =
  'an ISO instant with its offset, e.g. 2026-12-15T17:00:00Z or 2026-12-16T00:00:00+07:00 (without an offset it is refused)';

/** `sis window set|grant|revoke|list`: a round's data-entry window and its late-upload exceptions (admin). */
export function registerWindowCommand(program: Command): void {
  const window = program
    .command('window')
    .description("a round's data-entry window and late-upload exceptions: set, grant, revoke, list");
  window
    .command('set')
    .description("move a round's opening and/or closing instant (audited)")
    .requiredOption('--round <id>', 'the round, e.g. 2569-2')
    .option('--opens-at <iso>', `the opening instant: ${INSTANT_HELP}`)
    .option('--closes-at <iso>', `the closing instant: ${INSTANT_HELP}`)
    .option('--by <name>', 'who changes it (audit log)', defaultActor())
    .action(async (flags: { round: string; opensAt?: string; closesAt?: string; by: string }) => {
      const ctx = await contextFor(flags.round);
      const opensAt = flags.opensAt === undefined ? undefined : instant('--opens-at', flags.opensAt);
      const closesAt = flags.closesAt === undefined ? undefined : instant('--closes-at', flags.closesAt);
      if (opensAt === undefined && closesAt === undefined)
        throw new SisError('input/bad-argument', 'give --opens-at, --closes-at or both');
      if (opensAt && closesAt && Date.parse(opensAt) >= Date.parse(closesAt))
        throw new SisError('input/bad-argument', '--opens-at must be before --closes-at');
      await runWindowJob(ctx, {
        op: 'window-set',
        roundId: flags.round,
        ...(opensAt ? { opensAt } : {}),
        ...(closesAt ? { closesAt } : {}),
        by: flags.by,
        at: new Date().toISOString(),
      });
      process.stdout.write(`round ${flags.round} window set\n`);
    });
  window
    .command('grant')
    .description('let a named LAO upload after the close, until an instant (audited)')
    .requiredOption('--round <id>', 'the round, e.g. 2569-2')
    .requiredOption('--lao <code>', 'the LAO (it must be in the registry)')
    .requiredOption('--until <iso>', `the LAO may upload until this instant: ${INSTANT_HELP}`)
    .requiredOption('--reason <text>', 'why (kept with the exception)')
    .option('--by <name>', 'who grants it (audit log)', defaultActor())
    .action(async (flags: { round: string; lao: string; until: string; reason: string; by: string }) => {
      const ctx = await contextFor(flags.round);
      await runWindowJob(ctx, {
        op: 'window-grant',
        roundId: flags.round,
        laoCode: flags.lao,
        until: instant('--until', flags.until),
        reason: flags.reason,
        by: flags.by,
        at: new Date().toISOString(),
      });
      process.stdout.write(`LAO ${flags.lao} may upload to round ${flags.round} until ${flags.until}\n`);
    });
  window
    .command('revoke')
    .description("remove an LAO's late-upload exception (audited)")
    .requiredOption('--round <id>', 'the round, e.g. 2569-2')
    .requiredOption('--lao <code>', 'the LAO')
    .option('--by <name>', 'who revokes it (audit log)', defaultActor())
    .action(async (flags: { round: string; lao: string; by: string }) => {
      const ctx = await contextFor(flags.round);
      await runWindowJob(ctx, {
        op: 'window-revoke',
        roundId: flags.round,
        laoCode: flags.lao,
        by: flags.by,
        at: new Date().toISOString(),
      });
      process.stdout.write(`exception of LAO ${flags.lao} in round ${flags.round} revoked\n`);
    });
  window
    .command('list')
    .description("a round's window and its exceptions")
    .requiredOption('--round <id>', 'the round, e.g. 2569-2')
    .option('--json', 'one JSON document on stdout')
    .action(async (flags: { round: string; json?: boolean }) => {
      const ctx = await contextFor(flags.round);
      const shown = (await runWindowJob(ctx, { op: 'window-list', roundId: flags.round })) as WindowListing;
      if (flags.json) return void process.stdout.write(`${JSON.stringify(shown)}\n`);
      process.stdout.write(`round ${shown.round}\topens ${shown.opensAt}\tcloses ${shown.closesAt}\n`);
      for (const e of shown.exceptions)
        process.stdout.write(`${e.laoCode}\tuntil ${e.until}\t${e.grantedBy}\t${e.reason ?? ''}\n`);
    });
}

/** The context, once the round is known to the reference tables (the loader checks again). */
async function contextFor(round: string): Promise<CliContext> {
  const ctx = await loadContext();
  if (!ctx.reference.rounds.some((r) => r.round_id === round))
    throw new SisError('input/bad-argument', `no round ${round}`);
  return ctx;
}

/** An ISO instant with `Z` or an offset, as UTC ISO text; one without an offset is refused. */
function instant(flag: string, text: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/u.test(text);
  const ms = Date.parse(text);
  if (!ok || Number.isNaN(ms)) throw new SisError('input/bad-argument', `${flag}: ${INSTANT_HELP}`);
  return new Date(ms).toISOString();
}
