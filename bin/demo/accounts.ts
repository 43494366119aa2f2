import { generatePassword, hashPassword } from '../../pipeline/auth/secrets.ts';
import type { Role } from '../../pipeline/auth/roles.ts';
import type { Queues } from '../../workers/connection.ts';
import { runJobOn } from '../loader-job.ts';

export interface DemoLogin {
  readonly username: string;
  readonly role: Role;
  readonly province: string | null;
  /** Null when the account existed already (its password was printed the first time). */
  readonly password: string | null;
}

/** The demo's accounts: one admin and one account per demo province, created through the loader. */
export async function createDemoAccounts(queues: Queues, provinces: readonly string[]): Promise<DemoLogin[]> {
  const wanted: Array<{ username: string; role: Role; province: string | null }> = [
    { username: 'admin', role: 'admin', province: null },
    ...provinces.map((p) => ({ username: `province-${p}`, role: 'province' as const, province: p })),
  ];
  const logins: DemoLogin[] = [];
  for (const account of wanted) {
    const password = generatePassword();
    const created = await runJobOn(queues, 'accounts', {
      op: 'user-add',
      username: account.username,
      role: account.role,
      provinceCode: account.province,
      passwordHash: await hashPassword(password),
      by: 'demo',
      at: new Date().toISOString(),
    }).then(
      () => true,
      (error: Error) => {
        if (/exists/u.test(error.message)) return false;
        throw error;
      },
    );
    logins.push({ ...account, password: created ? password : null });
  }
  return logins;
}

/** The logins as the demo prints them once. */
export function describeLogins(logins: readonly DemoLogin[]): string {
  const lines = logins.map(
    (l) =>
      `  ${l.username.padEnd(14)} ${l.role.padEnd(9)} ${(l.province ?? 'all').padEnd(4)} ${l.password ?? '(exists: password shown when it was created)'}`,
  );
  return `logins (user, role, province, password — shown once):\n${lines.join('\n')}\n`;
}
