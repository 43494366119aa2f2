import { Router, type Request } from 'express';
import { z } from 'zod';
import { SisError } from '../../pipeline/errors.ts';
import { currentRound, findRound } from '../../pipeline/reference/reference.ts';
import { readWindowListing } from '../../pipeline/reference/window-repository.ts';
import { allow } from '../auth/guards.ts';
import { csrfToken } from '../auth/csrf.ts';
import { principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { bangkokTime, fromBangkokLocal, toBangkokLocal } from './bangkok-time.ts';
import { refusalTh } from './refusal-th.ts';

const roundId = z.string().regex(/^\d{4}-[12]$/u);
const laoCode = z
  .string()
  .trim()
  .regex(/^\d{4,12}$/u);
/** A `datetime-local` value, read as Bangkok time (the form says so); empty means "leave as is". */
const localTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/u)
  .refine((v) => !Number.isNaN(Date.parse(`${v.length === 16 ? `${v}:00` : v}+07:00`)));
const optionalTime = z.union([z.literal(''), localTime]).optional();

const setSchema = z.object({
  round: roundId,
  opensAt: optionalTime,
  closesAt: optionalTime,
  /** The buttons "open now" / "close now": the instant is the server's clock. */
  now: z.enum(['open', 'close']).optional(),
});
const grantSchema = z.object({
  round: roundId,
  lao: laoCode,
  until: localTime,
  reason: z.string().trim().min(1).max(500),
});
const revokeSchema = z.object({ round: roundId, lao: laoCode });

const ERROR_TH = 'ข้อมูลในแบบฟอร์มไม่ครบหรือไม่ถูกต้อง';

/**
 * Rounds and windows (admins): a round's window and its late-upload exceptions. Every change is the
 * `window` job `sis window set|grant|revoke` sends, so the loader applies and audits it the same way.
 */
export function windowRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/admin/windows', allow('administer'), async (req, res) => {
    const round = roundOf(ctx, req.query.round);
    const listing = await readWindowListing(ctx.db, round);
    const laos = await ctx.db
      .selectFrom('laos')
      .select(['lao_code', 'lao_name'])
      .where('lao_code', 'in', listing.exceptions.length ? listing.exceptions.map((e) => e.laoCode) : [''])
      .execute();
    const names = new Map(laos.map((l) => [l.lao_code, l.lao_name]));
    const now = ctx.now().getTime();
    res.send(
      ctx.views.render('windows', {
        title: 'รอบและช่วงเวลารับข้อมูล (rounds and windows)',
        round,
        rounds: ctx.reference.rounds.map((r) => ({ id: r.round_id, selected: r.round_id === round })),
        opensAt: bangkokTime(listing.opensAt),
        closesAt: bangkokTime(listing.closesAt),
        opensAtUtc: listing.opensAt,
        closesAtUtc: listing.closesAt,
        opensLocal: toBangkokLocal(listing.opensAt),
        closesLocal: toBangkokLocal(listing.closesAt),
        isOpen: Date.parse(listing.opensAt) <= now && now < Date.parse(listing.closesAt),
        exceptions: listing.exceptions.map((e) => ({
          ...e,
          laoName: names.get(e.laoCode) ?? '',
          untilTh: bangkokTime(e.until),
          grantedTh: bangkokTime(e.grantedAt),
        })),
        saved: req.query.saved === '1',
        csrf: csrfToken(req.session),
      }),
    );
  });
  router.post('/admin/windows/set', allow('administer'), async (req, res) => {
    const form = parsed(setSchema, req.body);
    roundOf(ctx, form.round);
    const now = ctx.now().toISOString();
    const opensAt = form.now === 'open' ? now : form.opensAt ? fromBangkokLocal(form.opensAt) : undefined;
    const closesAt = form.now === 'close' ? now : form.closesAt ? fromBangkokLocal(form.closesAt) : undefined;
    if (opensAt === undefined && closesAt === undefined)
      throw new HttpError(400, 'ระบุเวลาเปิด เวลาปิด หรือทั้งสองอย่าง');
    await change(ctx, req, {
      op: 'window-set',
      roundId: form.round,
      ...(opensAt ? { opensAt } : {}),
      ...(closesAt ? { closesAt } : {}),
    });
    res.redirect(303, `/admin/windows?round=${form.round}&saved=1`);
  });
  router.post('/admin/windows/grant', allow('administer'), async (req, res) => {
    const form = parsed(grantSchema, req.body);
    roundOf(ctx, form.round);
    await change(ctx, req, {
      op: 'window-grant',
      roundId: form.round,
      laoCode: form.lao,
      until: fromBangkokLocal(form.until),
      reason: form.reason,
    });
    res.redirect(303, `/admin/windows?round=${form.round}&saved=1`);
  });
  router.post('/admin/windows/revoke', allow('administer'), async (req, res) => {
    const form = parsed(revokeSchema, req.body);
    roundOf(ctx, form.round);
    await change(ctx, req, { op: 'window-revoke', roundId: form.round, laoCode: form.lao });
    res.redirect(303, `/admin/windows?round=${form.round}&saved=1`);
  });
  return router;
}

function parsed<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new HttpError(400, ERROR_TH);
  return result.data;
}

/** Sends the change to the loader as `sis window` does; who and when are the account and the clock. */
async function change(ctx: AppContext, req: Request, payload: Record<string, unknown>): Promise<void> {
  try {
    await ctx.intake.changeWindow({ ...payload, by: principalOf(req).username, at: ctx.now().toISOString() });
  } catch (error) {
    if (error instanceof SisError && error.code === 'input/bad-argument')
      throw new HttpError(400, refusalTh(error.message));
    throw error;
  }
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
