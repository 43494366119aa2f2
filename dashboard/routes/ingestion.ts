import { Router, type Request } from 'express';
import { z } from 'zod';
import { can } from '../../pipeline/auth/roles.ts';
import { allow, assertProvince, provinceScope } from '../auth/guards.ts';
import { csrfToken } from '../auth/csrf.ts';
import { addressOf, principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { listFilterSchema, listSubmissions, type ListFilter } from '../ingestion/submission-list.ts';

/** Throughput is the jobs finished in this many recent minutes. */
const THROUGHPUT_MINUTES = 10;
const FAILED_LIMIT = 50;

const STATUS_TH: Record<string, string> = {
  queued: 'รอประมวลผล',
  accepted: 'รับข้อมูลแล้ว',
  partial: 'รับบางส่วน',
  rejected: 'ไม่รับไฟล์',
};

const jobSchema = z.object({
  queue: z.enum(['parse', 'load']),
  id: z.string().regex(/^[A-Za-z0-9:_.-]{1,200}$/u),
});

function filterOf(req: Request): ListFilter {
  const parsed = listFilterSchema.safeParse(req.query);
  if (!parsed.success)
    throw new HttpError(400, 'ตัวกรองไม่ถูกต้อง (จังหวัด 2 หลัก, วันที่ YYYY-MM-DD, หน้าละไม่เกิน 100)');
  // A province account asking for another province is refused, not quietly narrowed.
  if (parsed.data.province) assertProvince(req, parsed.data.province);
  return parsed.data;
}

/** Keeps the filters in the page links (empty ones left out). */
function queryString(filter: ListFilter, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['province', 'lao', 'template', 'status', 'from', 'to'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  params.set('page', String(page));
  params.set('size', String(filter.size));
  return params.toString();
}

async function retry(ctx: AppContext, req: Request): Promise<boolean> {
  const job = jobSchema.safeParse(req.params);
  if (!job.success) throw new HttpError(404, 'ไม่พบงานนี้');
  const retried = await ctx.intake.retryJob(job.data.queue, job.data.id);
  await ctx.auth.audit([
    {
      at: ctx.now(),
      actor: principalOf(req).username,
      action: 'job-retry',
      outcome: retried ? 'ok' : 'failed',
      target: `${job.data.queue} ${job.data.id}`,
      detail: null,
      address: addressOf(req),
    },
  ]);
  return retried;
}

/**
 * The ingestion status page: submissions filtered and paged on the server, queue depth and recent
 * throughput, and (admins) failed jobs with a retry.
 */
export function ingestionRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/ingestion/submissions', allow('read'), async (req, res) => {
    res.json(await listSubmissions(ctx.db, filterOf(req), provinceScope(req)));
  });
  router.get('/api/ingestion/queues', allow('read'), async (_req, res) => {
    res.json(await ctx.intake.queueStats(THROUGHPUT_MINUTES));
  });
  router.get('/api/ingestion/failed', allow('administer'), async (_req, res) => {
    res.json({ jobs: await ctx.intake.failedJobs(FAILED_LIMIT) });
  });
  router.post('/api/ingestion/jobs/:queue/:id/retry', allow('administer'), async (req, res) => {
    if (!(await retry(ctx, req))) throw new HttpError(404, 'ไม่พบงานที่ล้มเหลวนี้');
    res.status(202).json({ retried: true });
  });
  router.post('/ingestion/jobs/:queue/:id/retry', allow('administer'), async (req, res) => {
    await retry(ctx, req);
    res.redirect(303, '/ingestion');
  });
  router.get('/ingestion', allow('read'), async (req, res) => {
    const filter = filterOf(req);
    const list = await listSubmissions(ctx.db, filter, provinceScope(req));
    const stats = await ctx.intake.queueStats(THROUGHPUT_MINUTES);
    const admin = can(principalOf(req), 'administer');
    res.send(
      ctx.views.render('ingestion', {
        title: 'สถานะการนำเข้าข้อมูล (ingestion status)',
        filter,
        scoped: provinceScope(req),
        list,
        rows: list.submissions.map((s) => ({
          ...s,
          statusTh: STATUS_TH[s.status] ?? s.status,
          uploaded: s.uploadedAt.slice(0, 16).replace('T', ' '),
        })),
        prev: list.page > 1 ? queryString(filter, list.page - 1) : null,
        next: list.page < list.pages ? queryString(filter, list.page + 1) : null,
        stats,
        perMinute: (stats.finished / stats.minutes).toFixed(1),
        admin,
        failed: admin ? await ctx.intake.failedJobs(FAILED_LIMIT) : [],
        csrf: csrfToken(req.session),
        statuses: Object.entries(STATUS_TH).map(([value, label]) => ({ value, label })),
      }),
    );
  });
  return router;
}
