import express, { type ErrorRequestHandler } from 'express';
import { authenticate, requireLogin } from './auth/authenticate.ts';
import { checkCsrf } from './auth/csrf.ts';
import { loginRoutes } from './auth/login-routes.ts';
import { securityMiddleware } from './auth/security.ts';
import type { AppContext, AppDeps } from './context.ts';
import { adminRoutes } from './routes/admin.ts';
import { dedupRoutes } from './routes/dedup.ts';
import { pageRoutes } from './routes/pages.ts';
import { reportRoutes } from './routes/reports.ts';
import { recordRoutes } from './routes/records.ts';
import { signoffRoutes } from './routes/signoff.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { loadViews } from './views.ts';

export type { AppContext, AppDeps } from './context.ts';

export async function createApp(deps: AppDeps): Promise<express.Express> {
  const ctx: AppContext = { ...deps, views: await loadViews() };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (deps.auth.secureCookies) app.set('trust proxy', 1);
  app.use(securityMiddleware(ctx));
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.use(authenticate(ctx));
  app.use(loginRoutes(ctx));
  // Every other route needs a login or a token, and a form posted with the session cookie its CSRF token.
  app.use(requireLogin());
  app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));
  app.use(checkCsrf());
  app.use(uploadRoutes(ctx));
  app.use(pageRoutes(ctx));
  app.use(dedupRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(await reportRoutes(ctx));
  app.use(recordRoutes(ctx));
  app.use(signoffRoutes(ctx));
  app.use(
    (_req, res) =>
      void res
        .status(404)
        .send(ctx.views.render('error', { title: 'ไม่พบหน้า', message: 'ไม่พบหน้าที่ต้องการ (404)' })),
  );
  app.use(errorHandler(ctx));
  return app;
}

/** Turns thrown errors into a Thai page (or JSON under /api); the stack stays in the log. */
function errorHandler(ctx: AppContext): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    void next;
    const status =
      typeof (error as { status?: number }).status === 'number' ? (error as { status: number }).status : 500;
    const message = status === 500 ? 'เกิดข้อผิดพลาดภายในระบบ' : (error as Error).message;
    if (status === 500) ctx.log.error('request failed', { method: req.method, path: req.path, error });
    if (req.path.startsWith('/api/')) return void res.status(status).json({ error: message });
    res.status(status).send(ctx.views.render('error', { title: 'เกิดข้อผิดพลาด', message }));
  };
}
