import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { runtimePaths } from '../../pipeline/config.ts';
import { SisError } from '../../pipeline/errors.ts';
import type { RemindResult } from '../../workers/processors/signoff.ts';
import { loadContext } from '../context.ts';
import { defaultActor, runLoaderJob } from '../loader-job.ts';
import { resolveRound } from '../round-option.ts';

interface RemindFlags {
  round?: string;
  province: string;
  asOf?: string;
  dryRun?: boolean;
  json?: boolean;
  by: string;
}

/**
 * `sis remind --round R --province CODE [--as-of ISO-TIME] [--dry-run] [--json]`: one reminder per
 * LAO of the province with institutions still to chase; e-mailed through `SIS_SMTP_URL`, and what
 * was not e-mailed is written as printable letters (A4 HTML) and a CSV to phone through.
 */
export function registerRemindCommand(program: Command): void {
  program
    .command('remind')
    .description(
      'remind the LAOs of a province whose institutions have not sent (or only rejected/partial files)',
    )
    .requiredOption('--province <code>', 'the province, 2 digits')
    .option('--round <round>', 'round, e.g. 2562-2 (default: the current round)')
    .option('--as-of <iso>', "the run's clock (as for sis ingest); default now")
    .option('--dry-run', 'list the messages; write and send nothing')
    .option('--by <name>', 'who sends them (audit log)', defaultActor())
    .option('--json', 'one JSON document on stdout')
    .action(async (flags: RemindFlags) => runRemind(flags));
}

async function runRemind(flags: RemindFlags): Promise<void> {
  if (!/^\d{2}$/u.test(flags.province)) throw new SisError('input/bad-argument', '--province: 2 digits');
  const asOf = flags.asOf === undefined ? new Date() : new Date(flags.asOf);
  if (Number.isNaN(asOf.getTime())) throw new SisError('input/bad-argument', '--as-of: an ISO instant');
  const ctx = await loadContext();
  const roundId = resolveRound(ctx, flags.round);
  const result = (await runLoaderJob(ctx, 'signoff', {
    op: 'remind',
    roundId,
    provinceCode: flags.province,
    by: flags.by,
    at: asOf.toISOString(),
    dryRun: Boolean(flags.dryRun),
  })) as RemindResult;
  if (!flags.dryRun && result.unsent > 0) {
    const dir = runtimePaths(ctx.config).reminders;
    await mkdir(dir, { recursive: true });
    const base = path.join(dir, `${roundId}-${flags.province}-${asOf.toISOString().replace(/[:.]/gu, '')}`);
    await writeFile(`${base}.html`, result.letters);
    await writeFile(`${base}.csv`, result.phoneCsv);
    process.stderr.write(
      `remind: ${result.unsent} not e-mailed: letters ${base}.html, phone list ${base}.csv\n`,
    );
  }
  const out = { round: result.round, province: result.province, messages: result.messages };
  if (flags.json) return void process.stdout.write(`${JSON.stringify(out)}\n`);
  for (const m of out.messages)
    process.stdout.write(`${m.laoCode}\t${m.status}\t${m.to ?? '-'}\t${m.institutions.join(' ')}\n`);
}
