import { Router } from 'express';
import { z } from 'zod';
import { can } from '../../pipeline/auth/roles.ts';
import { SisError } from '../../pipeline/errors.ts';
import { currentRound, findRound } from '../../pipeline/reference/reference.ts';
import { readCertifiedForms } from '../../pipeline/signoff/certification-repository.ts';
import type { NationalTotals } from '../../pipeline/signoff/national-totals.ts';
import type { ProvincesStatus } from '../../pipeline/signoff/province-status.ts';
import { writeProvincesXlsx } from '../../pipeline/signoff/provinces-xlsx.ts';
import { allow, assertProvince, queryProvinceAccess } from '../auth/guards.ts';
import { csrfToken } from '../auth/csrf.ts';
import { principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { provinceRows, signoffModel, totalsModel } from './signoff-model.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const actSchema = z.object({
  province: z.string().regex(/^\d{2}$/u),
  round: z.string().regex(/^\d{4}-[12]$/u),
  reason: z.string().trim().max(500).optional(),
});

/**
 * The province's sign-off page (`/signoff`: certify, mark sent, an admin's re-open) and the
 * department's view of every province (`/provinces`, admins; `&format=xlsx` downloads it).
 * Changes go to the loader as `signoff` jobs; every one is audited there.
 */
export function signoffRoutes(ctx: AppContext): Router {
  const router = Router();
  const status = async (roundId: string) =>
    (await ctx.intake.signoff({ op: 'status', roundId, at: ctx.now().toISOString() })) as {
      status: ProvincesStatus;
      totals: NationalTotals;
    };
  router.get('/signoff', queryProvinceAccess(), async (req, res) => {
    const roundId = roundOf(ctx, req.query.round);
    const province = provinceOf(req.query.province);
    const { status: all } = await status(roundId);
    const principal = principalOf(req);
    res.send(
      ctx.views.render('signoff', {
        title: `การรับรองรายงาน จังหวัด ${province} รอบ ${roundId}`,
        ...signoffModel(all, province),
        canCertify: principal.role === 'admin' || principal.role === 'province',
        isAdmin: can(principal, 'administer'),
        csrf: csrfToken(req.session),
      }),
    );
  });
  router.get('/signoff/certified', queryProvinceAccess(), async (req, res) => {
    const roundId = roundOf(ctx, req.query.round);
    const province = provinceOf(req.query.province);
    const form = typeof req.query.form === 'string' ? req.query.form : '';
    const stored = (await readCertifiedForms(ctx.db, roundId, province)).find((f) => f.form === form);
    if (!stored) throw new HttpError(404, 'ยังไม่มีฉบับที่รับรองของรายงานนี้');
    if (req.query.format === 'json') return void res.type('json').send(stored.reportJson);
    res
      .type(XLSX_TYPE)
      .attachment(`${form}-${province}-${roundId}-certified-v${stored.version}.xlsx`)
      .send(Buffer.from(stored.xlsxBase64, 'base64'));
  });
  for (const op of ['certify', 'sent', 'reopen'] as const)
    router.post(`/signoff/${op}`, async (req, res) => {
      const input = actSchema.safeParse(req.body);
      if (!input.success) throw new HttpError(400, 'ข้อมูลไม่ครบ (จังหวัด รอบ)');
      const { province, round } = input.data;
      const principal = principalOf(req);
      if (op === 'reopen' && !can(principal, 'administer')) throw new HttpError(403, 'เฉพาะผู้ดูแลระบบ (403)');
      if (principal.role !== 'admin' && principal.role !== 'province')
        throw new HttpError(403, 'บัญชีของท่านไม่มีสิทธิ์รับรองรายงาน (403)');
      assertProvince(req, province);
      if (op === 'reopen' && !input.data.reason) throw new HttpError(400, 'ระบุเหตุผลที่เปิดการรับรองใหม่');
      await ctx.intake
        .signoff({
          op,
          roundId: round,
          provinceCode: province,
          by: principal.username,
          at: ctx.now().toISOString(),
          ...(op === 'reopen' ? { reason: input.data.reason } : {}),
        })
        .catch((error: unknown) => {
          if (error instanceof SisError && error.code === 'input/bad-argument')
            throw new HttpError(409, error.message);
          throw error;
        });
      res.redirect(303, `/signoff?province=${province}&round=${round}`);
    });
  router.get('/provinces', allow('administer'), async (req, res) => {
    const roundId = roundOf(ctx, req.query.round);
    const { status: all, totals } = await status(roundId);
    if (req.query.format === 'xlsx')
      return void res
        .type(XLSX_TYPE)
        .attachment(`provinces-${roundId}.xlsx`)
        .send(await writeProvincesXlsx(all));
    res.send(
      ctx.views.render('provinces', {
        title: `สถานะการส่งรายงานของจังหวัด รอบ ${roundId}`,
        roundId,
        formsDueAt: all.formsDueAt,
        daysLeft: all.daysLeft,
        provinces: provinceRows(all),
        ...totalsModel(totals),
      }),
    );
  });
  return router;
}

function provinceOf(raw: unknown): string {
  if (typeof raw !== 'string' || !/^\d{2}$/u.test(raw))
    throw new HttpError(400, 'ระบุรหัสจังหวัด 2 หลัก (province=)');
  return raw;
}

function roundOf(ctx: AppContext, raw: unknown): string {
  if (typeof raw === 'string' && raw !== '') {
    if (!findRound(ctx.reference, raw)) throw new HttpError(404, 'ไม่พบรอบนี้');
    return raw;
  }
  const round = currentRound(ctx.reference, ctx.now());
  if (!round) throw new HttpError(404, 'ยังไม่ได้กำหนดรอบการจัดเก็บข้อมูล');
  return round.round_id;
}
