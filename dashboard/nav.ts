import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import { can } from '../pipeline/auth/roles.ts';

/** What the top bar shows: the signed-in account and the links its role may follow. */
export interface Nav {
  readonly username: string;
  readonly role: string;
  readonly upload: boolean;
  readonly signoff: boolean;
  readonly query: boolean;
  readonly admin: boolean;
}

const current = new AsyncLocalStorage<Nav | undefined>();

/**
 * Keeps the request's nav for the layout, so every page's top bar offers what the viewer may do
 * (and nothing else) without each route passing it. Mounted after authentication.
 */
export function navContext(): RequestHandler {
  return (req, _res, next) => {
    const p = req.principal;
    const nav: Nav | undefined = p && {
      username: p.username,
      role: p.role,
      upload: can(p, 'upload'),
      signoff: p.role === 'province' || p.role === 'admin',
      query: can(p, 'query'),
      admin: can(p, 'administer'),
    };
    current.run(nav, next);
  };
}

/** The nav of the request being answered, if any. */
export function currentNav(): Nav | undefined {
  return current.getStore();
}
