import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { findUser } from '../../pipeline/auth/account-repository.ts';
import { verifyPassword } from '../../pipeline/auth/secrets.ts';
import type { AppContext } from '../context.ts';
import { checkCsrf, csrfToken } from './csrf.ts';
import { addressOf } from './principal.ts';
import { LoginThrottle } from './throttle.ts';

const loginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

// Compared against when the account does not exist, so a wrong name costs as long as a wrong password.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** `GET /login` (the form), `POST /login`, `GET /logout` (a confirm button) and `POST /logout`. */
export function loginRoutes(ctx: AppContext): Router {
  const router = Router();
  const throttle = new LoginThrottle(ctx.auth.redis, ctx.auth.keyPrefix);
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });
  const page = (req: Request, message?: string) =>
    ctx.views.render('login', { title: 'เข้าสู่ระบบ', csrf: csrfToken(req.session), message });

  router.get('/login', (req, res) => void res.send(page(req)));
  router.post('/login', form, checkCsrf(), async (req, res) => {
    const parsed = loginSchema.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).send(page(req, 'กรุณากรอกชื่อผู้ใช้และรหัสผ่าน'));
    const { username, password } = parsed.data;
    const address = addressOf(req);
    const audit = (outcome: 'ok' | 'denied' | 'failed', detail?: string) =>
      ctx.auth.audit([{ at: ctx.now(), actor: username, action: 'login', outcome, detail, address }]);
    if (await throttle.isBlocked(username, address)) {
      await audit('denied', 'throttled');
      return void res.status(429).send(page(req, 'เข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอ 15 นาทีแล้วลองใหม่'));
    }
    const user = await findUser(ctx.db, username);
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid || user.disabled) {
      await throttle.recordFailure(username, address);
      await audit('failed', user?.disabled ? 'disabled' : undefined);
      return void res.status(401).send(page(req, 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง'));
    }
    await throttle.recordSuccess(username, address);
    const returnTo = safeReturn(req.session.returnTo);
    // A fresh session id at login: an id planted before login is worthless after it.
    await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
    req.session.username = user.username;
    csrfToken(req.session);
    await audit('ok');
    res.redirect(303, returnTo);
  });
  router.get('/logout', (req, res) => {
    if (!req.session?.username) return void res.redirect(302, '/login');
    res.send(ctx.views.render('logout', { title: 'ออกจากระบบ', csrf: csrfToken(req.session) }));
  });
  router.post('/logout', form, checkCsrf(), async (req, res) => {
    const username = req.session.username;
    await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
    if (username)
      await ctx.auth.audit([
        { at: ctx.now(), actor: username, action: 'logout', outcome: 'ok', address: addressOf(req) },
      ]);
    res.clearCookie(SESSION_COOKIE).redirect(303, '/login');
  });
  return router;
}

export const SESSION_COOKIE = 'sis.sid';

/** Only a path of this site: never `//host` or an absolute URL. */
function safeReturn(target: string | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.includes('\\')) return '/';
  return target;
}
