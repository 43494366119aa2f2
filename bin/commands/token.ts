import type { Command } from 'commander';
import { generateToken } from '../../pipeline/auth/secrets.ts';
import { loadContext } from '../context.ts';
import { defaultActor, runAccountJob } from '../loader-job.ts';

/** `sis token create|revoke`: API tokens for scripted uploads; the token is printed once, only its hash is kept. */
export function registerTokenCommand(program: Command): void {
  const token = program.command('token').description('API tokens: create, revoke');
  token
    .command('create <user>')
    .description('create a token that acts as USER; printed once')
    .option('--label <text>', 'what the token is for')
    .option('--json', 'print { token, tokenId }')
    .option('--by <name>', 'who creates it (audit log)', defaultActor())
    .action(async (user: string, flags: { label?: string; json?: boolean; by: string }) => {
      const ctx = await loadContext();
      const created = generateToken();
      await runAccountJob(ctx, {
        op: 'token-create',
        username: user,
        tokenId: created.tokenId,
        secretHash: created.secretHash,
        label: flags.label ?? null,
        by: flags.by,
        at: new Date().toISOString(),
      });
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ token: created.token, tokenId: created.tokenId })}\n`
          : `${created.token}\n`,
      );
    });
  token
    .command('revoke <token-id>')
    .description('revoke a token at once (its id, or the whole token)')
    .option('--by <name>', 'who revokes it (audit log)', defaultActor())
    .action(async (id: string, flags: { by: string }) => {
      const ctx = await loadContext();
      const tokenId = /^sis_([0-9a-f]{16})_/u.exec(id)?.[1] ?? id;
      await runAccountJob(ctx, { op: 'token-revoke', tokenId, by: flags.by, at: new Date().toISOString() });
      process.stdout.write(`token ${tokenId} revoked\n`);
    });
}
