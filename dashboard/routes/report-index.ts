import { Router } from 'express';
import { z } from 'zod';
import { currentRound, findRound } from '../../pipeline/reference/reference.ts';
import { REPORT_FORMS } from '../../pipeline/reports/report-types.ts';
import { TITLES } from '../../pipeline/reports/report-sheet.ts';
import { allow, assertProvince, provinceScope } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';

const querySchema = z.object({
  province: z
    .string()
    .regex(/^\d{2}$/u)
    .optional()
    .catch(undefined),
  round: z
    .string()
    .regex(/^\d{4}-[12]$/u)
    .optional()
    .catch(undefined),
});

/**
 * `GET /reports`: the report forms 2–5 and the subsidy estimate of one province and round, each
 * to open on screen (printable) or download as .xlsx. A province account gets its own province;
 * other roles choose any province from the list.
 */
export function reportIndexRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/reports', allow('read'), (req, res) => {
    const query = querySchema.parse(req.query);
    const scope = provinceScope(req);
    // A province office reads its own province's forms only.
    if (scope !== null && query.province !== undefined) assertProvince(req, query.province);
    const province = scope ?? query.province ?? null;
    if (province !== null && !ctx.reference.provinces.some((p) => p.code === province))
      throw new HttpError(404, 'ไม่พบจังหวัดนี้');
    const round = query.round ?? currentRound(ctx.reference, ctx.now())?.round_id;
    if (!round || !findRound(ctx.reference, round)) throw new HttpError(404, 'ไม่พบรอบนี้');
    const params = (form: string, xlsx: boolean) =>
      `/reports/${form}?${new URLSearchParams({
        province: province ?? '',
        round,
        ...(xlsx ? { format: 'xlsx' } : {}),
      }).toString()}`;
    res.send(
      ctx.views.render('reports', {
        title: 'รายงานระดับจังหวัด (report forms)',
        fixedProvince: scope,
        province,
        provinceName: ctx.reference.provinces.find((p) => p.code === province)?.name_th ?? '',
        provinces:
          scope === null ? ctx.reference.provinces.map((p) => ({ ...p, selected: p.code === province })) : [],
        rounds: ctx.reference.rounds.map((r) => ({ id: r.round_id, selected: r.round_id === round })),
        round,
        forms:
          province === null
            ? []
            : REPORT_FORMS.map((form) => ({
                form,
                title: TITLES[form],
                view: params(form, false),
                xlsx: params(form, true),
              })),
      }),
    );
  });
  return router;
}
