import { Router, type Request } from 'express';
import { z } from 'zod';
import { chaseListCsv, chaseListName, chaseListXlsx } from '../../pipeline/completeness/chase-list.ts';
import { completenessJson, type Completeness } from '../../pipeline/completeness/completeness-types.ts';
import { readCompleteness } from '../../pipeline/completeness/read-completeness.ts';
import { SisError } from '../../pipeline/errors.ts';
import { currentRound, findRound } from '../../pipeline/reference/reference.ts';
import { allow, assertProvince, provinceScope } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import { completenessView } from '../completeness/completeness-view.ts';
import { HttpError } from '../http-error.ts';

const querySchema = z.object({
  round: z
    .string()
    .max(16)
    .regex(/^(\d{4}-[12])?$/u)
    .optional(),
  province: z
    .string()
    .max(2)
    .regex(/^(\d{2})?$/u)
    .optional(),
});

/**
 * Completeness against the registry: `GET /completeness` (the page), `GET /api/completeness`
 * (the JSON contract) and the list of institutions to chase as CSV and .xlsx. A province account
 * sees its own province (the default for it); another province is 403.
 */
export function completenessRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/completeness', allow('read'), async (req, res) => {
    res.json(completenessJson(await completenessFor(ctx, req)));
  });
  router.get('/completeness', allow('read'), async (req, res) => {
    const completeness = await completenessFor(ctx, req);
    res.send(ctx.views.render('completeness', completenessView(completeness, ctx.reference, ctx.now())));
  });
  router.get('/completeness/not-submitted.csv', allow('read'), async (req, res) => {
    const completeness = await completenessFor(ctx, req);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${chaseListName(completeness)}.csv`)
      .send(chaseListCsv(completeness));
  });
  router.get('/completeness/not-submitted.xlsx', allow('read'), async (req, res) => {
    const completeness = await completenessFor(ctx, req);
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`${chaseListName(completeness)}.xlsx`)
      .send(await chaseListXlsx(completeness));
  });
  return router;
}

/** Reads the query (bounded), scopes it to the viewer's province and reads the summary. */
async function completenessFor(ctx: AppContext, req: Request): Promise<Completeness> {
  const parsed = querySchema.safeParse(req.query);
  if (!parsed.success)
    throw new HttpError(400, 'ระบุรอบ (round=2562-2) และรหัสจังหวัด 2 หลัก (province=) ให้ถูกต้อง');
  const province = parsed.data.province || provinceScope(req);
  assertProvince(req, province);
  const roundId = parsed.data.round || currentRound(ctx.reference, ctx.now())?.round_id;
  if (!roundId || !findRound(ctx.reference, roundId))
    throw new HttpError(404, `ไม่พบรอบการจัดเก็บข้อมูล ${roundId ?? ''}`.trim());
  try {
    return await readCompleteness(ctx.db, ctx.reference, { roundId, province });
  } catch (error) {
    if (error instanceof SisError && error.code === 'round/unknown') throw new HttpError(404, error.message);
    throw error;
  }
}
