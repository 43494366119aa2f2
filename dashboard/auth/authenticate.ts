import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findToken, findUser } from '../../pipeline/auth/account-repository.ts';
import { hashSecret, parseToken, sameDigest } from '../../pipeline/auth/secrets.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';

/**
 * Resolves who asks, on every request: an `Authorization: Bearer` token (scripts), else the
 * session's account. Both are looked up on each request, so a disabled account or a revoked
 * token stops working at once. A bad token is a 401 even when a session exists.
 */
export function authenticate(ctx: AppContext): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/iu.exec(header);
      const parsed = match ? parseToken(match[1]!) : undefined;
      const token = parsed ? await findToken(ctx.db, parsed.tokenId) : undefined;
      const user = token ? await findUser(ctx.db, token.username) : undefined;
      if (
        !parsed ||
        !token ||
        token.revokedAt ||
        !user ||
        user.disabled ||
        !sameDigest(hashSecret(parsed.secret), token.secretHash)
      )
        throw new HttpError(401, 'โทเค็นไม่ถูกต้องหรือถูกเพิกถอนแล้ว');
      req.principal = { username: user.username, role: user.role, provinceCode: user.provinceCode };
      req.authVia = 'token';
      return next();
    }
    const username = req.session?.username;
    if (username) {
      const user = await findUser(ctx.db, username);
      if (user && !user.disabled) {
        req.principal = { username: user.username, role: user.role, provinceCode: user.provinceCode };
        req.authVia = 'session';
      }
    }
    next();
  };
}

/** Everything but the login page needs a principal: pages redirect to login and back, the API answers 401. */
export function requireLogin(): RequestHandler {
  return (req, res, next) => {
    if (req.principal) return next();
    if (req.path.startsWith('/api/')) throw new HttpError(401, 'ต้องเข้าสู่ระบบหรือใช้โทเค็น');
    if (req.method === 'GET' && req.session && isPageNavigation(req)) req.session.returnTo = req.originalUrl;
    res.redirect(302, '/login');
  };
}

/**
 * Whether the browser asked for a page to show (not an icon, image or script it fetches on the
 * side): only then is it where the login should lead back to.
 */
function isPageNavigation(req: Request): boolean {
  const dest = req.get('sec-fetch-dest');
  if (dest) return dest === 'document';
  return !/\.(?:ico|png|svg|js|css|map|json)$/u.test(req.path);
}
