import RedisStore from 'connect-redis';
import type { RequestHandler } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { AppContext } from '../context.ts';
import { SESSION_COOKIE } from './login-routes.ts';

const EIGHT_HOURS_MS = 8 * 3600 * 1000;

/**
 * Secure headers (a Content-Security-Policy that allows our own pages only: scripts from this site's files only, the
 * views' inline styles by hash, forms posting to this site) and sessions kept in Redis,
 * with an `HttpOnly`, `SameSite=Lax` cookie that is `Secure` behind a trusted TLS proxy.
 */
export function securityMiddleware(ctx: AppContext): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [...ctx.views.styleHashes],
        // The upload page's script is a file of this site (/static/upload.js); no inline script.
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    strictTransportSecurity: ctx.auth.secureCookies,
    referrerPolicy: { policy: 'same-origin' },
  });
  const sessions = session({
    name: SESSION_COOKIE,
    store: new RedisStore({ client: ctx.auth.redis, prefix: `${ctx.auth.keyPrefix}:sess:` }),
    secret: ctx.auth.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.auth.secureCookies,
      maxAge: EIGHT_HOURS_MS,
    },
  });
  return [headers, sessions];
}
