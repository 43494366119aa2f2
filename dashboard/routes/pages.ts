import { Router } from 'express';
import { sql } from 'kysely';
import { readSubmissionReport } from '../../pipeline/load/submission-report.ts';
import { countIssuesByCode } from '../../pipeline/load/submission-report.ts';
import { ISSUE_CODES } from '../../pipeline/issues/codes.ts';
import { allow, provinceScope, seesPersonalData, submissionAccess } from '../auth/guards.ts';
import { csrfToken } from '../auth/csrf.ts';
import { inProvince } from '../auth/scope.ts';
import { maskValue } from '../auth/mask.ts';
import type { AppContext } from '../context.ts';

const STATUS_TH: Record<string, string> = {
  queued: 'รอประมวลผล',
  accepted: 'รับข้อมูลแล้ว',
  partial: 'รับบางส่วน',
  rejected: 'ไม่รับไฟล์',
};

/** The pages clerks see: recent submissions, one submission's report, the upload form. */
export function pageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const scope = provinceScope(req);
    const recent = await ctx.db
      .selectFrom('submissions')
      .where((eb) => inProvince(eb, scope))
      .select([
        'submission_id',
        'file_name',
        'subject_code',
        'round_id',
        'status',
        'rows_accepted',
        'rows_total',
        'errors',
        'warnings',
        'uploaded_at',
      ])
      .orderBy('submission_id', 'desc')
      .limit(50)
      .execute();
    const byStatus = await ctx.db
      .selectFrom('submissions')
      .where((eb) => inProvince(eb, scope))
      .select(['status', sql<number>`count(*)::INTEGER`.as('n')])
      .groupBy('status')
      .execute();
    res.send(
      ctx.views.render('home', {
        title: 'ภาพรวมการส่งข้อมูล',
        counts: byStatus.map((s) => ({ status: STATUS_TH[s.status] ?? s.status, n: s.n })),
        submissions: recent.map((s) => ({
          ...s,
          id: Number(s.submission_id),
          statusTh: STATUS_TH[s.status] ?? s.status,
          uploaded: s.uploaded_at.toISOString().slice(0, 16).replace('T', ' '),
        })),
      }),
    );
  });
  router.get(
    '/uploads/new',
    allow('upload'),
    (req, res) =>
      void res.send(ctx.views.render('upload', { title: 'ส่งไฟล์ข้อมูล', csrf: csrfToken(req.session) })),
  );
  router.get('/submissions/:id', submissionAccess(ctx), async (req, res) => {
    // submissionAccess answered 404 for an id that does not exist: any failure here is a fault (500).
    const report = await readSubmissionReport(ctx.db, Number(req.params.id));
    res.send(
      ctx.views.render('submission', {
        title: `ผลการตรวจสอบ ${report.file}`,
        report,
        statusTh: STATUS_TH[report.status] ?? report.status,
        pending: report.status === 'queued',
        codes: countIssuesByCode(report.issues).map((c) => ({
          ...c,
          help: ISSUE_CODES[c.code as keyof typeof ISSUE_CODES]?.help,
          helpTh: ISSUE_CODES[c.code as keyof typeof ISSUE_CODES]?.helpTh,
        })),
        issues: report.issues
          .slice(0, 1000)
          .map((i) => (seesPersonalData(req) ? i : { ...i, value: maskValue(i.value) })),
        more: Math.max(0, report.issues.length - 1000),
      }),
    );
  });
  return router;
}
