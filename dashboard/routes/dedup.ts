import { Router, type Request } from 'express';
import { sql } from 'kysely';
import { z } from 'zod';
import { can, canSeeProvince } from '../../pipeline/auth/roles.ts';
import { DEDUP_OUTCOMES, DEDUP_RULES, type DedupRule } from '../../pipeline/dedup/dedup-types.ts';
import {
  readReviewPage,
  type ReviewDecision,
  type ReviewMember,
} from '../../pipeline/dedup/review-repository.ts';
import { SisError } from '../../pipeline/errors.ts';
import { currentRound, findRound } from '../../pipeline/reference/reference.ts';
import { allow, assertInstitution, provinceScope, seesPersonalData } from '../auth/guards.ts';
import { csrfToken } from '../auth/csrf.ts';
import { maskValue } from '../auth/mask.ts';
import { addressOf, principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { bangkokTime } from './bangkok-time.ts';
import { refusalTh } from './refusal-th.ts';

export const RULE_TH: Record<DedupRule, string> = {
  'same-id': 'เลขประจำตัวซ้ำต่างสถานศึกษา (same ID)',
  'same-name-dob': 'ชื่อ วันเกิด เพศ ตรงกัน แต่เลขต่างกัน (same name and birth date)',
  probable: 'น่าจะเป็นคนเดียวกัน (probable)',
};
const PAGE_SIZE = 20;
const OUTCOMES = Object.entries(DEDUP_OUTCOMES).map(([code, th]) => ({ code: Number(code), th }));

const roundId = z.string().regex(/^\d{4}-[12]$/u);
/** The page's filters, as links and the answer form carry them. */
const filterSchema = z.object({
  round: roundId.optional().catch(undefined),
  rule: z
    .enum(DEDUP_RULES as [DedupRule, ...DedupRule[]])
    .optional()
    .catch(undefined),
  state: z.enum(['answered', 'pending']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
type Filters = z.infer<typeof filterSchema>;

const answerSchema = z.object({
  round: roundId,
  cluster: z.string().min(1).max(64),
  institution: z.string().regex(/^[0-9A-Za-z-]{1,20}$/u),
  submission: z.coerce.number().int().positive(),
  row: z.coerce.number().int().positive(),
  outcome: z.coerce.number().int(),
  note: z.string().max(500).default(''),
  rule: z.string().max(20).optional(),
  state: z.string().max(10).optional(),
  page: z.string().max(6).optional(),
});

/**
 * Duplicate review: a round's clusters of children touching the viewer's province, members side
 * by side with their lineage and every decision kept, filtered by rule and answered/pending,
 * paged; each institution answers for its own record (`POST /dedup/answer`, the `dedup-decide`
 * job of `sis dedup decide`); admins start a run.
 */
export function dedupRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/dedup', async (req, res) => {
    const filters = filterSchema.parse(req.query);
    const round = roundOf(ctx, filters.round);
    const scope = provinceScope(req);
    const page = await readReviewPage(ctx.db, {
      roundId: round,
      province: scope,
      rule: filters.rule,
      state: filters.state,
      offset: (filters.page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(page.matching / PAGE_SIZE));
    const link = (change: Partial<Filters>) => dedupLink({ ...filters, round, ...change });
    res.send(
      ctx.views.render('dedup', {
        title: `ตรวจข้อมูลซ้ำซ้อน (duplicates) รอบ ${round}`,
        round,
        scope,
        totals: page.totals,
        byRule: DEDUP_RULES.map((r) => ({ rule: r, th: RULE_TH[r], n: page.totals.byRule[r] })),
        ruleOptions: DEDUP_RULES.map((r) => ({ value: r, th: RULE_TH[r], selected: r === filters.rule })),
        state: filters.state,
        matching: page.matching,
        pageNo: filters.page,
        pages,
        prev: filters.page > 1 ? link({ page: filters.page - 1 }) : null,
        next: filters.page < pages ? link({ page: filters.page + 1 }) : null,
        saved: req.query.saved === '1',
        clusters: page.clusters.map((c) => ({
          ...c,
          ruleTh: RULE_TH[c.rule],
          members: c.members.map((m) => memberView(req, m)),
        })),
        outcomes: OUTCOMES,
        filters: { rule: filters.rule ?? '', state: filters.state ?? '', page: filters.page },
        runs: can(principalOf(req), 'administer') ? await recentRuns(ctx, round) : null,
        csrf: csrfToken(req.session),
      }),
    );
  });
  router.post('/dedup/answer', allow('decide'), async (req, res) => {
    const body = answerSchema.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'ข้อมูลคำตอบไม่ครบหรือไม่ถูกต้อง');
    const a = body.data;
    roundOf(ctx, a.round);
    // An institution answers for its own record: a province for its own province's institutions only.
    await assertInstitution(ctx, req, a.institution);
    if (!(a.outcome in DEDUP_OUTCOMES)) throw new HttpError(400, 'รหัสผลการตรวจสอบต้องเป็น 100 หรือ 201–206');
    if (a.outcome === 206 && a.note.trim() === '')
      throw new HttpError(400, 'รหัส 206 (อื่น ๆ) ต้องระบุหมายเหตุ (note) ว่าเพราะเหตุใด');
    const by = principalOf(req).username;
    try {
      await ctx.intake.decideDuplicate({
        roundId: a.round,
        member: {
          clusterId: a.cluster,
          institutionCode: a.institution,
          submissionId: a.submission,
          row: a.row,
        },
        outcome: a.outcome,
        note: a.note.trim() === '' ? undefined : a.note.trim(),
        decidedBy: by,
        decidedAt: ctx.now().toISOString(),
      });
    } catch (error) {
      if (error instanceof SisError && error.code === 'input/bad-argument')
        throw new HttpError(400, refusalTh(error.message));
      throw error;
    }
    await ctx.auth.audit([
      {
        at: ctx.now(),
        actor: by,
        action: 'dedup-decide',
        outcome: 'ok',
        target: `${a.cluster} ${a.institution}:${a.submission}:${a.row}`,
        detail: `outcome ${a.outcome}`,
        address: addressOf(req),
      },
    ]);
    const back = filterSchema.parse({ rule: a.rule, state: a.state, page: a.page });
    res.redirect(
      303,
      `${dedupLink({ ...back, round: a.round })}&saved=1#cluster-${encodeURIComponent(a.cluster)}`,
    );
  });
  router.post('/dedup/run', allow('administer'), async (req, res) => {
    const round = roundOf(ctx, filterSchema.parse(req.query).round);
    await ctx.intake.requestDedup(round);
    res.redirect(303, `/dedup?round=${encodeURIComponent(round)}`);
  });
  return router;
}

function dedupLink(f: Partial<Filters> & { round: string }): string {
  const q = new URLSearchParams({ round: f.round });
  if (f.rule) q.set('rule', f.rule);
  if (f.state) q.set('state', f.state);
  if (f.page && f.page > 1) q.set('page', String(f.page));
  return `/dedup?${q.toString()}`;
}

/** A member as the page shows it: personal values masked for roles that may not see them. */
function memberView(req: Request, m: ReviewMember) {
  const principal = principalOf(req);
  const personal = seesPersonalData(req);
  return {
    ...m,
    nationalId: personal ? m.nationalId : maskValue(m.nationalId),
    firstName: personal ? m.firstName : maskValue(m.firstName),
    lastName: personal ? m.lastName : maskValue(m.lastName),
    // A province answers only for members in its own province.
    mayAnswer: can(principal, 'decide') && canSeeProvince(principal, m.provinceCode),
    current: m.current ? decisionView(m.current) : null,
    history: m.history.map(decisionView),
  };
}

function decisionView(d: ReviewDecision) {
  return {
    ...d,
    outcomeTh: DEDUP_OUTCOMES[d.outcome as keyof typeof DEDUP_OUTCOMES] ?? String(d.outcome),
    kindTh: d.kind === 'cluster' ? 'คำตอบของกลุ่ม' : 'การทำเครื่องหมายระเบียน',
    when: bangkokTime(d.decidedAt),
  };
}

async function recentRuns(ctx: AppContext, round: string) {
  const runs = await ctx.db
    .selectFrom('dedup_runs')
    .select([
      'run_id',
      'started_at',
      'status',
      sql<number | null>`round(epoch(finished_at) - epoch(started_at), 1)`.as('duration_s'),
    ])
    .where('round_id', '=', round)
    .orderBy('run_id', 'desc')
    .limit(5)
    .execute();
  const STATUS_TH: Record<string, string> = { running: 'กำลังตรวจ', succeeded: 'สำเร็จ', failed: 'ไม่สำเร็จ' };
  return runs.map((r) => ({
    ...r,
    started: bangkokTime(r.started_at.toISOString()),
    statusTh: STATUS_TH[r.status] ?? r.status,
  }));
}

function roundOf(ctx: AppContext, raw: string | undefined): string {
  if (raw !== undefined) {
    if (!findRound(ctx.reference, raw)) throw new HttpError(404, 'ไม่พบรอบนี้');
    return raw;
  }
  const round = currentRound(ctx.reference, ctx.now());
  if (!round) throw new HttpError(404, 'ยังไม่ได้กำหนดรอบการจัดเก็บข้อมูล');
  return round.round_id;
}
