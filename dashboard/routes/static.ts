import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** The pages' own client files (`/static/upload.js`): the CSP lets pages run scripts from here only. */
export function staticRoutes(): Router {
  const router = Router();
  router.use(
    '/static',
    express.static(PUBLIC_DIR, { index: false, fallthrough: false, maxAge: '10m', dotfiles: 'deny' }),
  );
  return router;
}
