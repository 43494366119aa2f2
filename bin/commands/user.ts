import type { Command } from 'commander';
import { generatePassword, hashPassword } from '../../pipeline/auth/secrets.ts';
import { isRole } from '../../pipeline/auth/roles.ts';
import { SisError } from '../../pipeline/errors.ts';
import { loadContext } from '../context.ts';
import { defaultActor, runAccountJob } from '../loader-job.ts';

interface AddFlags {
  role: string;
  province?: string;
  passwordStdin?: boolean;
  by: string;
}

/** `sis user add|list|disable`: accounts of the web app and the API (see README, "Accounts"). */
export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('accounts: add, list, disable');
  user
    .command('add <name>')
    .description('create an account; without --password-stdin a password is generated and printed once')
    .requiredOption('--role <role>', 'admin | province | analyst | viewer')
    .option('--province <code>', 'the province of a province account (two digits)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--by <name>', 'who creates it (audit log)', defaultActor())
    .action(async (name: string, flags: AddFlags) => {
      if (!isRole(flags.role)) throw new SisError('input/bad-argument', `unknown role ${flags.role}`);
      const generated = flags.passwordStdin ? undefined : generatePassword();
      const password = generated ?? (await readPassword());
      if (password.length < 10)
        throw new SisError('input/bad-argument', 'a password needs at least 10 characters');
      const ctx = await loadContext();
      await runAccountJob(ctx, {
        op: 'user-add',
        username: name,
        role: flags.role,
        provinceCode: flags.province ?? null,
        passwordHash: await hashPassword(password),
        by: flags.by,
        at: new Date().toISOString(),
      });
      process.stdout.write(
        generated ? `user ${name} created; password (shown once): ${generated}\n` : `user ${name} created\n`,
      );
    });
  user
    .command('list')
    .description('list accounts')
    .option('--json', 'one JSON document on stdout')
    .action(async (flags: { json?: boolean }) => {
      const ctx = await loadContext();
      const shown = (await runAccountJob(ctx, { op: 'user-list' })) as Array<{
        username: string;
        role: string;
        province: string | null;
        disabled: boolean;
      }>;
      if (flags.json) return void process.stdout.write(`${JSON.stringify(shown)}\n`);
      for (const u of shown)
        process.stdout.write(
          `${u.username}\t${u.role}\t${u.province ?? '-'}\t${u.disabled ? 'disabled' : 'active'}\n`,
        );
    });
  user
    .command('disable <name>')
    .description('disable an account and revoke its tokens')
    .option('--by <name>', 'who disables it (audit log)', defaultActor())
    .action(async (name: string, flags: { by: string }) => {
      const ctx = await loadContext();
      await runAccountJob(ctx, {
        op: 'user-disable',
        username: name,
        by: flags.by,
        at: new Date().toISOString(),
      });
      process.stdout.write(`user ${name} disabled\n`);
    });
}

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/u, '');
}
