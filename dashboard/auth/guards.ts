import type { Request, RequestHandler } from 'express';
import { institutionProvinces, submissionProvince } from '../../pipeline/auth/account-repository.ts';
import { can, canSeeProvince, type Permission } from '../../pipeline/auth/roles.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { principalOf } from './principal.ts';

const FORBIDDEN = 'บัญชีของท่านไม่มีสิทธิ์ในส่วนนี้ (403)';

/** Lets the request through only when the principal holds the permission; otherwise 403. */
export function allow(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!can(principalOf(req), permission)) throw new HttpError(403, FORBIDDEN);
    next();
  };
}

/**
 * Guards routes with `:id` naming a submission: it must exist (404) and lie in a province the
 * principal may see (403), checked on the server from the registry.
 */
export function submissionAccess(ctx: AppContext, permission: Permission = 'read'): RequestHandler {
  return async (req, _res, next) => {
    const principal = principalOf(req);
    if (!can(principal, permission)) throw new HttpError(403, FORBIDDEN);
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, 'ไม่พบรายการส่งข้อมูลนี้');
    const province = await submissionProvince(ctx.db, id);
    if (province === undefined) throw new HttpError(404, 'ไม่พบรายการส่งข้อมูลนี้');
    if (!canSeeProvince(principal, province)) throw new HttpError(403, FORBIDDEN);
    next();
  };
}

/** Throws 403 unless the principal may see data of that province. */
export function assertProvince(req: Request, provinceCode: string | null): void {
  if (!canSeeProvince(principalOf(req), provinceCode)) throw new HttpError(403, FORBIDDEN);
}

/** The province a list must be narrowed to, or null for all provinces. */
export function provinceScope(req: Request): string | null {
  const p = principalOf(req);
  return p.role === 'province' ? p.provinceCode : null;
}

/** Whether national IDs and names may be shown unmasked. */
export function seesPersonalData(req: Request): boolean {
  return can(principalOf(req), 'personal-data');
}

/**
 * Guards routes that name a province in `?province=` (report forms): a province account may ask
 * for its own only.
 */
export function queryProvinceAccess(): RequestHandler {
  return (req, _res, next) => {
    const province = typeof req.query.province === 'string' ? req.query.province : null;
    if (!can(principalOf(req), 'read')) throw new HttpError(403, FORBIDDEN);
    assertProvince(req, province);
    next();
  };
}

/** Throws 403 unless the principal may act on that institution (by its province in the registry). */
export async function assertInstitution(
  ctx: AppContext,
  req: Request,
  institutionCode: string,
): Promise<void> {
  const provinces = await institutionProvinces(ctx.db, [institutionCode]);
  assertProvince(req, provinces.get(institutionCode) ?? null);
}
