import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler } from 'express';
import { authenticate, requireLogin } from './auth/authenticate.ts';
import { checkCsrf } from './auth/csrf.ts';
import { loginRoutes } from './auth/login-routes.ts';
import { securityMiddleware } from './auth/security.ts';
import type { AppContext, AppDeps } from './context.ts';
import { adminRoutes } from './routes/admin.ts';
import { analystRoutes } from './routes/analyst.ts';
import { completenessRoutes } from './routes/completeness.ts';
import { dedupRoutes } from './routes/dedup.ts';
import { pageRoutes } from './routes/pages.ts';
import { reportIndexRoutes } from './routes/report-index.ts';
import { reportRoutes } from './routes/reports.ts';
import { recordRoutes } from './routes/records.ts';
import { signoffRoutes } from './routes/signoff.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { ingestionRoutes } from './routes/ingestion.ts';
import { pendingUploadRoutes } from './routes/pending-uploads.ts';
import { queueBoardRoutes } from './routes/queue-board.ts';
import { staticRoutes } from './routes/static.ts';
import { uploadEventRoutes } from './routes/upload-events.ts';
import { windowRoutes } from './routes/windows.ts';
import { navContext } from './nav.ts';
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
  app.use(navContext());
  app.use(loginRoutes(ctx));
  app.use(staticRoutes());
  // Bull Board answers 401/403 itself and is kept apart from the form CSRF check (see the route).
  app.use(queueBoardRoutes(ctx));
  // Every other route needs a login or a token, and a form posted with the session cookie its CSRF token.
  app.use(requireLogin());
  app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));
  app.use(checkCsrf());
  app.use(uploadEventRoutes(ctx));
  app.use(pendingUploadRoutes(ctx));
  app.use(uploadRoutes(ctx));
  app.use(ingestionRoutes(ctx));
  app.use(pageRoutes(ctx));
  app.use(dedupRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(analystRoutes(ctx));
  app.use(reportIndexRoutes(ctx));
  app.use(await reportRoutes(ctx));
  app.use(windowRoutes(ctx));
  app.use(recordRoutes(ctx));
  app.use(completenessRoutes(ctx));
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

/**
 * Turns thrown errors into a Thai page (or JSON under /api). A fault is a 500 whose error id is
 * both shown and logged with the stack, so a clerk's report leads to the log line; a 4xx is the
 * request's own fault and carries its message.
 */
function errorHandler(ctx: AppContext): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    void next;
    const status = statusOf(error);
    const errorId = status >= 500 ? randomUUID().slice(0, 8) : undefined;
    const message = errorId ? `เกิดข้อผิดพลาดภายในระบบ (รหัสข้อผิดพลาด ${errorId})` : (error as Error).message;
    if (errorId) ctx.log.error('request failed', { errorId, method: req.method, path: req.path, error });
    if (req.path.startsWith('/api/'))
      return void res.status(status).json(errorId ? { error: message, errorId } : { error: message });
    res.status(status).send(ctx.views.render('error', { title: 'เกิดข้อผิดพลาด', message }));
  };
}

/** An HttpError's (or a body parser's) own status; anything else is a fault. */
function statusOf(error: unknown): number {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
