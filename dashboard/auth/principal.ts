import type { Request } from 'express';
import type { Principal } from '../../pipeline/auth/roles.ts';
import { HttpError } from '../http-error.ts';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in account. */
    username?: string;
    /** The synchronizer token every state-changing form of this session carries. */
    csrf?: string;
    /** Where to go after login. */
    returnTo?: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Who asks: set by `authenticate` from the session or an API token. */
    principal?: Principal;
    /** How: a browser session (needs CSRF tokens) or a bearer token. */
    authVia?: 'session' | 'token';
  }
}

/** The principal of a request that passed `requireLogin`. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new HttpError(401, 'กรุณาเข้าสู่ระบบ');
  return req.principal;
}

/** The client's address as the audit log records it (the proxy's view when trusted). */
export function addressOf(req: Request): string {
  return (req.ip ?? req.socket.remoteAddress ?? 'unknown').slice(0, 64);
}
