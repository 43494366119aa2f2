import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Session, SessionData } from 'express-session';
import { HttpError } from '../http-error.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's synchronizer token, created on first use. */
export function csrfToken(session: Session & Partial<SessionData>): string {
  session.csrf ??= randomBytes(24).toString('base64url');
  return session.csrf;
}

/**
 * Synchronizer-token CSRF protection: a state-changing request made with the session cookie must
 * carry the session's token (form field `_csrf`, header `X-CSRF-Token`, or for multipart forms
 * whose body is read later, `?_csrf=`). Requests with a bearer token carry no cookie and need none.
 */
export function checkCsrf(): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method) || req.authVia === 'token') return next();
    const expected = req.session?.csrf;
    const given = presented(req);
    if (!expected || !given || !equal(expected, given))
      throw new HttpError(403, 'แบบฟอร์มหมดอายุหรือไม่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง');
    next();
  };
}

function presented(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const candidates = [body?._csrf, req.get('x-csrf-token'), req.query._csrf];
  return candidates.find((c): c is string => typeof c === 'string' && c !== '');
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
