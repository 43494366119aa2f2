import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  appendAudit,
  disableUser,
  findUser,
  insertToken,
  insertUser,
  listUsers,
  revokeToken,
  type AuditEntry,
} from '../../pipeline/auth/account-repository.ts';
import { ROLES } from '../../pipeline/auth/roles.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { SisError } from '../../pipeline/errors.ts';

const username = z
  .string()
  .regex(/^[A-Za-z0-9._-]{2,64}$/u, 'letters, digits, dot, dash or underscore (2–64)');
const actor = {
  by: z.string().min(1).max(120),
  at: z.iso.datetime(),
  address: z.string().max(64).optional(),
};

const auditEntry = z.object({
  at: z.iso.datetime(),
  actor: z.string().min(1).max(120),
  action: z.string().regex(/^[a-z-]{2,40}$/u),
  outcome: z.enum(['ok', 'denied', 'failed']),
  target: z.string().max(200).nullish(),
  detail: z.string().max(1000).nullish(),
  address: z.string().max(64).nullish(),
});

/**
 * Account changes as loader jobs: the CLI cannot open the warehouse while `sis serve` holds it,
 * so its writes travel to the loader like every other write. Payloads carry a password's hash,
 * never the password (and the jobs are removed as soon as they finish); a token's secret never
 * leaves the process that generated it.
 */
export const accountPayloadSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('user-add'),
      username,
      role: z.enum(ROLES),
      provinceCode: z
        .string()
        .regex(/^\d{2}$/u)
        .nullable(),
      passwordHash: z.string().startsWith('scrypt$').max(300),
      ...actor,
    })
    .refine((u) => (u.role === 'province') === (u.provinceCode !== null), {
      message: 'a province account needs --province; other roles take none',
    }),
  z.object({ op: z.literal('user-disable'), username, ...actor }),
  z.object({
    op: z.literal('token-create'),
    username,
    tokenId: z.string().regex(/^[0-9a-f]{16}$/u),
    secretHash: z.string().regex(/^[0-9a-f]{64}$/u),
    label: z.string().max(200).nullable(),
    ...actor,
  }),
  z.object({ op: z.literal('token-revoke'), tokenId: z.string().regex(/^[0-9a-f]{16}$/u), ...actor }),
  z.object({ op: z.literal('user-list') }),
  z.object({ op: z.literal('audit'), entries: z.array(auditEntry).min(1).max(100) }),
]);

export type AccountPayload = z.infer<typeof accountPayloadSchema>;

export interface AccountDeps {
  readonly db: Kysely<Warehouse>;
  /** Province codes of the reference tables. */
  readonly provinces: ReadonlySet<string>;
}

/** Applies one account change and its audit line in one transaction (or lists the accounts). */
export async function applyAccountChange(deps: AccountDeps, payload: AccountPayload): Promise<unknown> {
  // Reading through the loader too: the CLI cannot open the file `sis serve` holds.
  if (payload.op === 'user-list')
    return (await listUsers(deps.db)).map((u) => ({
      username: u.username,
      role: u.role,
      province: u.provinceCode,
      disabled: u.disabled,
      createdAt: u.createdAt.toISOString(),
      createdBy: u.createdBy,
    }));
  await deps.db.transaction().execute(async (db) => {
    if (payload.op === 'audit') {
      await appendAudit(db, payload.entries.map(toEntry));
      return;
    }
    const at = new Date(payload.at);
    const audit = (target: string, detail?: string): AuditEntry => ({
      at,
      actor: payload.by,
      action: payload.op,
      outcome: 'ok',
      target,
      detail: detail ?? null,
      address: payload.address ?? null,
    });
    switch (payload.op) {
      case 'user-add': {
        if (payload.provinceCode !== null && !deps.provinces.has(payload.provinceCode))
          throw new SisError('input/bad-argument', `unknown province ${payload.provinceCode}`);
        if (await findUser(db, payload.username))
          throw new SisError('input/bad-argument', `user ${payload.username} exists`);
        await insertUser(db, { ...payload, createdBy: payload.by, createdAt: at });
        await appendAudit(db, [
          audit(payload.username, `role ${payload.role} ${payload.provinceCode ?? ''}`.trim()),
        ]);
        return;
      }
      case 'user-disable':
        if (!(await disableUser(db, payload.username, at)))
          throw new SisError('input/bad-argument', `no user ${payload.username}`);
        await appendAudit(db, [audit(payload.username)]);
        return;
      case 'token-create': {
        const user = await findUser(db, payload.username);
        if (!user || user.disabled)
          throw new SisError('input/bad-argument', `no active user ${payload.username}`);
        await insertToken(db, { ...payload, createdAt: at });
        await appendAudit(db, [audit(payload.username, `token ${payload.tokenId}`)]);
        return;
      }
      case 'token-revoke':
        if (!(await revokeToken(db, payload.tokenId, at)))
          throw new SisError('input/bad-argument', `no live token ${payload.tokenId}`);
        await appendAudit(db, [audit(payload.tokenId)]);
        return;
    }
  });
  return { ok: true };
}

function toEntry(e: z.infer<typeof auditEntry>): AuditEntry {
  return { ...e, at: new Date(e.at) };
}
