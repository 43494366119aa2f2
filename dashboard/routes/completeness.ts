import { Router, type Request } from 'express';
import { z } from 'zod';
import { chaseListCsv, chaseListName, chaseListXlsx } from '../../pipeline/completeness/chase-list.ts';
import { completenessJson, type Completeness } from '../../pipeline/completeness/completeness-types.ts';
import {
  cachedCompletenessReader,
  type ReadCompleteness,
} from '../../pipeline/completeness/completeness-cache.ts';
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
  const read = cachedCompletenessReader();
  router.get('/api/completeness', allow('read'), async (req, res) => {
    res.type('json').send(jsonText(await completenessFor(ctx, read, req)));
  });
  router.get('/completeness', allow('read'), async (req, res) => {
    const completeness = await completenessFor(ctx, read, req);
    res.send(pageHtml(ctx, completeness));
  });
  router.get('/completeness/not-submitted.csv', allow('read'), async (req, res) => {
    const completeness = await completenessFor(ctx, read, req);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${chaseListName(completeness)}.csv`)
      .send(chaseListCsv(completeness));
  });
  router.get('/completeness/not-submitted.xlsx', allow('read'), async (req, res) => {
    const completeness = await completenessFor(ctx, read, req);
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`${chaseListName(completeness)}.xlsx`)
      .send(await chaseListXlsx(completeness));
  });
  return router;
}

/** Serialised once per cached answer: the country's is about 20,000 institutions. */
const JSON_TEXT = new WeakMap<Completeness, string>();
function jsonText(completeness: Completeness): string {
  let text = JSON_TEXT.get(completeness);
  if (text === undefined) {
    text = JSON.stringify(completenessJson(completeness));
    JSON_TEXT.set(completeness, text);
  }
  return text;
}

/**
 * Rendered once per cached answer and minute (the time left to the close is shown to the
 * minute). The page carries nothing of the viewer (no form token, no name), so viewers share it.
 */
const PAGE_HTML = new WeakMap<Completeness, { minute: number; html: string }>();
function pageHtml(ctx: AppContext, completeness: Completeness): string {
  const now = ctx.now();
  const minute = Math.floor(now.getTime() / 60_000);
  const kept = PAGE_HTML.get(completeness);
  if (kept?.minute === minute) return kept.html;
  const html = ctx.views.render('completeness', completenessView(completeness, ctx.reference, now));
  PAGE_HTML.set(completeness, { minute, html });
  return html;
}

/** Reads the query (bounded), scopes it to the viewer's province and reads the summary. */
async function completenessFor(ctx: AppContext, read: ReadCompleteness, req: Request): Promise<Completeness> {
  const parsed = querySchema.safeParse(req.query);
  if (!parsed.success)
    throw new HttpError(400, 'ระบุรอบ (round=2562-2) และรหัสจังหวัด 2 หลัก (province=) ให้ถูกต้อง');
  const province = parsed.data.province || provinceScope(req);
  assertProvince(req, province);
  const roundId = parsed.data.round || currentRound(ctx.reference, ctx.now())?.round_id;
  if (!roundId || !findRound(ctx.reference, roundId))
    throw new HttpError(404, `ไม่พบรอบการจัดเก็บข้อมูล ${roundId ?? ''}`.trim());
  try {
    return await read(ctx.db, ctx.reference, { roundId, province });
  } catch (error) {
    if (error instanceof SisError && error.code === 'round/unknown') throw new HttpError(404, error.message);
    throw error;
  }
}
