import { Router, type RequestHandler } from 'express';
import { allow } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board's page is a React app: its scripts and styles are its own files, but it sets inline
 * style attributes and a `<style>` of its own. Under this path only, styles may be inline; scripts
 * still come from this site only.
 */
const BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const boardCsp: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', BOARD_CSP);
  next();
};

/**
 * The board's own calls (retry, clean, pause) carry no CSRF token: with a session they must come
 * from this site (the browser's `Origin`), which a cross-site form or script cannot fake.
 */
const sameOrigin: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.authVia === 'token') return next();
  const origin = req.get('origin');
  if (!origin || origin !== `${req.protocol}://${req.get('host')}`)
    throw new HttpError(403, 'คำขอไม่ได้มาจากหน้านี้ (403)');
  next();
};

const loggedIn: RequestHandler = (req, _res, next) => {
  if (!req.principal) throw new HttpError(401, 'กรุณาเข้าสู่ระบบ (401) — /login');
  next();
};

/** Mounts Bull Board (built by `bin/`) at /admin/queues: 401 without a login, 403 unless admin. */
export function queueBoardRoutes(ctx: AppContext): Router {
  const router = Router();
  if (ctx.queueBoard)
    router.use(QUEUE_BOARD_PATH, loggedIn, allow('administer'), sameOrigin, boardCsp, ctx.queueBoard);
  return router;
}
