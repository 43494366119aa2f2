import { fileURLToPath } from 'node:url';
import express, { Router, type ErrorRequestHandler } from 'express';
import { HttpError } from '../http-error.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/**
 * A path that climbs out of the folder (`..`, encoded or not) or names a dotfile is refused by
 * `serve-static` with 403; to a client it is simply a file that is not there.
 */
const outsideIsNotFound: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  const status = (error as { status?: unknown }).status;
  next(status === 403 ? new HttpError(404, 'ไม่พบไฟล์') : error);
};

/** The pages' own client files (`/static/upload.js`): the CSP lets pages run scripts from here only. */
export function staticRoutes(): Router {
  const router = Router();
  router.use(
    '/static',
    express.static(PUBLIC_DIR, { index: false, fallthrough: false, maxAge: '10m', dotfiles: 'deny' }),
    outsideIsNotFound,
  );
  return router;
}
