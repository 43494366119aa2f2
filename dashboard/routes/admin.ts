import { Router } from 'express';
import { listAudit } from '../../pipeline/auth/account-repository.ts';
import { allow } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';

const OUTCOME_TH: Record<string, string> = { ok: 'สำเร็จ', failed: 'ไม่สำเร็จ', denied: 'ถูกปฏิเสธ' };

/** The department's pages: the audit log, filtered by who and what (admins only). */
export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/admin/audit', allow('administer'), async (req, res) => {
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 120) : undefined);
    const filter = { actor: text(req.query.actor), action: text(req.query.action), limit: 500 };
    const entries = await listAudit(ctx.db, filter);
    res.send(
      ctx.views.render('audit', {
        title: 'บันทึกการใช้งาน',
        filter,
        entries: entries.map((e) => ({
          ...e,
          when: e.at.toISOString().slice(0, 19).replace('T', ' '),
          outcomeTh: OUTCOME_TH[e.outcome] ?? e.outcome,
        })),
      }),
    );
  });
  return router;
}
