import { sql, type Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import { isRole, type Principal, type Role } from './roles.ts';

type Db = Kysely<Warehouse>;

export interface UserRow extends Principal {
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly createdBy: string;
}

export interface NewUser {
  readonly username: string;
  readonly role: Role;
  readonly provinceCode: string | null;
  readonly passwordHash: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export async function insertUser(db: Db, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      username: user.username,
      role: user.role,
      province_code: user.provinceCode,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
      created_by: user.createdBy,
    })
    .execute();
}

export async function findUser(db: Db, username: string): Promise<UserRow | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}

/** Disables the account and revokes its tokens; returns whether the account exists. */
export async function disableUser(db: Db, username: string, at: Date): Promise<boolean> {
  const user = await findUser(db, username);
  if (!user) return false;
  await db.updateTable('users').set({ disabled: true }).where('username', '=', username).execute();
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('username', '=', username)
    .where('revoked_at', 'is', null)
    .execute();
  return true;
}

function toUser(row: {
  username: string;
  role: string;
  province_code: string | null;
  password_hash: string;
  disabled: boolean;
  created_at: Date;
  created_by: string;
}): UserRow {
  const role = String(row.role);
  if (!isRole(role)) throw new Error(`unknown role ${role}`);
  return {
    username: row.username,
    role,
    provinceCode: row.province_code,
    passwordHash: row.password_hash,
    disabled: row.disabled,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export interface TokenRow {
  readonly tokenId: string;
  readonly username: string;
  readonly secretHash: string;
  readonly label: string | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

export async function insertToken(
  db: Db,
  token: { tokenId: string; username: string; secretHash: string; label: string | null; createdAt: Date },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      token_id: token.tokenId,
      username: token.username,
      secret_hash: token.secretHash,
      label: token.label,
      created_at: token.createdAt,
    })
    .execute();
}

export async function findToken(db: Db, tokenId: string): Promise<TokenRow | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_id', '=', tokenId)
    .executeTakeFirst();
  return row
    ? {
        tokenId: row.token_id,
        username: row.username,
        secretHash: row.secret_hash,
        label: row.label,
        createdAt: row.created_at,
        revokedAt: row.revoked_at,
      }
    : undefined;
}

/** Revokes a token; returns whether a live one was revoked. */
export async function revokeToken(db: Db, tokenId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('token_id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One line of the audit log: who did what, when, from where, and how it ended. */
export interface AuditEntry {
  readonly at: Date;
  readonly actor: string;
  /** e.g. `login`, `upload`, `dedup-decide`, `user-add`, `token-revoke`, `window-set`. */
  readonly action: string;
  readonly outcome: 'ok' | 'denied' | 'failed';
  readonly target?: string | null;
  readonly detail?: string | null;
  readonly address?: string | null;
}

export async function appendAudit(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        occurred_at: e.at,
        actor: e.actor,
        action: e.action,
        outcome: e.outcome,
        target: e.target ?? null,
        detail: e.detail ?? null,
        address: e.address ?? null,
      })),
    )
    .execute();
}

export interface AuditFilter {
  readonly actor?: string;
  readonly action?: string;
  readonly limit?: number;
}

export async function listAudit(
  db: Db,
  filter: AuditFilter = {},
): Promise<Array<AuditEntry & { id: number }>> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) query = query.where('action', '=', filter.action);
  const rows = await query
    .orderBy('audit_id', 'desc')
    .limit(filter.limit ?? 500)
    .execute();
  return rows.map((r) => ({
    id: Number(r.audit_id),
    at: r.occurred_at,
    actor: r.actor,
    action: r.action,
    outcome: r.outcome as AuditEntry['outcome'],
    target: r.target,
    detail: r.detail,
    address: r.address,
  }));
}

/**
 * The province of a submission's data: its subject's (institution → LAO, or an LAO for
 * other-schools files), else the province it was uploaded for; null when neither is known.
 */
export async function submissionProvince(db: Db, submissionId: number): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('submissions as s')
    .leftJoin('institutions as i', 'i.institution_code', 's.subject_code')
    .leftJoin('laos as li', 'li.lao_code', 'i.lao_code')
    .leftJoin('laos as ls', 'ls.lao_code', 's.subject_code')
    .select(
      sql<string | null>`coalesce(li.province_code, ls.province_code, s.uploader_province)`.as('province'),
    )
    .where('s.submission_id', '=', BigInt(submissionId))
    .executeTakeFirst();
  return row === undefined ? undefined : row.province;
}

/** Institution codes → province, for scoping lists (dedup members). */
export async function institutionProvinces(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('institutions as i')
    .innerJoin('laos as l', 'l.lao_code', 'i.lao_code')
    .select(['i.institution_code', 'l.province_code'])
    .where('i.institution_code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.institution_code, r.province_code]));
}

/** Sets the province an upload was sent for, on submissions just created. */
export async function setUploaderProvince(
  db: Db,
  rows: ReadonlyArray<{ submissionId: number; provinceCode: string }>,
): Promise<void> {
  for (const r of rows)
    await db
      .updateTable('submissions')
      .set({ uploader_province: r.provinceCode })
      .where('submission_id', '=', BigInt(r.submissionId))
      .execute();
}

/** The uploader province of submissions by id (absent: none). */
export async function uploaderProvinces(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('submissions')
    .select(['submission_id', 'uploader_province'])
    .where(
      'submission_id',
      'in',
      ids.map((i) => BigInt(i)),
    )
    .where('uploader_province', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [Number(r.submission_id), r.uploader_province!]));
}
