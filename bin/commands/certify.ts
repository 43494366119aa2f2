import type { Command } from 'commander';
import { SisError } from '../../pipeline/errors.ts';
import type { CertifyResult } from '../../pipeline/signoff/certify.ts';
import { loadContext } from '../context.ts';
import { defaultActor, runLoaderJob } from '../loader-job.ts';
import { resolveRound } from '../round-option.ts';

interface CertifyFlags {
  round?: string;
  province: string;
  by: string;
  json?: boolean;
  sent?: boolean;
  reopen?: string;
}

/**
 * `sis certify --round R --province CODE [--by NAME] [--json]`: freezes the province's forms 2–5 and
 * subsidy estimate as a certified version. `--sent` marks the certified forms as sent to the
 * department; `--reopen REASON` (an admin) makes a certification draft again.
 */
export function registerCertifyCommand(program: Command): void {
  program
    .command('certify')
    .description("certify a province's forms 2–5 and subsidy estimate for a round (after the window closes)")
    .requiredOption('--province <code>', 'the province, 2 digits')
    .option('--round <round>', 'round, e.g. 2562-2 (default: the current round)')
    .option('--by <name>', 'who certifies (kept with the version and in the audit log)', defaultActor())
    .option('--sent', 'mark the certified forms as sent to the department instead')
    .option('--reopen <reason>', 're-open a certification (admin), with the reason')
    .option('--json', 'one JSON document on stdout')
    .action(async (flags: CertifyFlags) => runCertify(flags));
}

async function runCertify(flags: CertifyFlags): Promise<void> {
  if (!/^\d{2}$/u.test(flags.province)) throw new SisError('input/bad-argument', '--province: 2 digits');
  if (flags.sent && flags.reopen !== undefined)
    throw new SisError('input/bad-argument', 'give --sent or --reopen, not both');
  const ctx = await loadContext();
  const roundId = resolveRound(ctx, flags.round);
  const op = flags.sent ? 'sent' : flags.reopen !== undefined ? 'reopen' : 'certify';
  const result = (await runLoaderJob(ctx, 'signoff', {
    op,
    roundId,
    provinceCode: flags.province,
    by: flags.by,
    at: new Date().toISOString(),
    ...(op === 'reopen' ? { reason: flags.reopen } : {}),
  })) as CertifyResult;
  if (flags.json) return void process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stdout.write(
    `province ${result.province} round ${result.round}: ${result.status} (version ${result.version})\n`,
  );
}
