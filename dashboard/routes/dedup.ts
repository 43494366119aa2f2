import { Router } from 'express';
import { sql } from 'kysely';
import { readDedupResult } from '../../pipeline/dedup/dedup-repository.ts';
import { currentRound, findRound } from '../../pipeline/reference/reference.ts';
import { allow, provinceScope, seesPersonalData } from '../auth/guards.ts';
import { csrfToken } from '../auth/csrf.ts';
import { maskValue } from '../auth/mask.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';

const RULE_TH: Record<string, string> = {
  'same-id': 'เลขประจำตัวซ้ำต่างสถานศึกษา',
  'same-name-dob': 'ชื่อ วันเกิด เพศ ตรงกัน แต่เลขต่างกัน',
  probable: 'น่าจะเป็นคนเดียวกัน',
};
const SHOWN = 200;

/** Duplicate detection on the dashboard: the latest results of a round and a button to run it now. */
export function dedupRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/dedup', async (req, res) => {
    const roundId = roundOf(ctx, req.query.round);
    const result = await readDedupResult(ctx.db, roundId);
    // A province's account sees the clusters that involve its own institutions only.
    const scope = provinceScope(req);
    const visible = scope
      ? result.clusterList.filter((c) => c.members.some((m) => m.provinceCode === scope))
      : result.clusterList;
    const personal = seesPersonalData(req);
    const runs = await ctx.db
      .selectFrom('dedup_runs')
      .select([
        'run_id',
        'started_at',
        'status',
        sql<number | null>`round(epoch(finished_at) - epoch(started_at), 1)`.as('duration_s'),
      ])
      .where('round_id', '=', roundId)
      .orderBy('run_id', 'desc')
      .limit(5)
      .execute();
    res.send(
      ctx.views.render('dedup', {
        title: `ข้อมูลซ้ำซ้อน รอบ ${roundId}`,
        roundId,
        result,
        runs: runs.map((r) => ({ ...r, started: r.started_at.toISOString().slice(0, 16).replace('T', ' ') })),
        clusters: visible.slice(0, SHOWN).map((c) => ({
          ...c,
          ruleTh: RULE_TH[c.rule] ?? c.rule,
          members: c.members.map((m) => ({
            ...m,
            ...(personal ? {} : { firstName: maskValue(m.firstName), lastName: maskValue(m.lastName) }),
            maskedId: maskId(m.nationalId),
          })),
        })),
        more: Math.max(0, visible.length - SHOWN),
        csrf: csrfToken(req.session),
      }),
    );
  });
  router.post('/dedup/run', allow('administer'), async (req, res) => {
    const roundId = roundOf(ctx, req.query.round);
    await ctx.intake.requestDedup(roundId);
    res.redirect(303, `/dedup?round=${encodeURIComponent(roundId)}`);
  });
  return router;
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

/** Shows enough of an ID to tell records apart on screen, not the whole number. */
export function maskId(id: string): string {
  return id.length <= 5 ? id : `${id.slice(0, 1)}${'•'.repeat(id.length - 5)}${id.slice(-4)}`;
}
