import express, { Router } from 'express';
import { z } from 'zod';
import { SisError } from '../../pipeline/errors.ts';
import { currentRound } from '../../pipeline/reference/reference.ts';
import { allow, assertInstitution } from '../auth/guards.ts';
import { addressOf, principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';

const markBody = z.object({
  round: z.string().max(10).optional(),
  institution: z.string().max(20),
  submission: z.coerce.number(),
  row: z.coerce.number(),
  outcome: z.coerce.number(),
  note: z.string().max(500),
  by: z.string().max(120).optional(),
});

/**
 * Outcome codes on counted records over HTTP: `POST /api/records/mark` with a small JSON body
 * `{ institution, submission, row, outcome, note, round?, by? }`, through the same loader job as
 * `sis record mark`. Who marks is the signed-in account (`by` is ignored); a province account
 * marks records of its own province's institutions only.
 */
export function recordRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/api/records/mark', allow('decide'), express.json({ limit: '4kb' }), async (req, res) => {
    const body = markBody.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'ข้อมูลที่ส่งมาไม่ครบหรือไม่ถูกต้อง');
    const roundId = body.data.round ?? currentRound(ctx.reference, ctx.now())?.round_id;
    if (!roundId) throw new HttpError(404, 'ยังไม่ได้กำหนดรอบการจัดเก็บข้อมูล');
    // A province marks records of its own institutions only; who marks is the account.
    await assertInstitution(ctx, req, body.data.institution);
    const by = principalOf(req).username;
    try {
      const mark = await ctx.intake.markRecord({
        roundId,
        record: {
          institutionCode: body.data.institution,
          submissionId: body.data.submission,
          row: body.data.row,
        },
        outcome: body.data.outcome,
        note: body.data.note,
        decidedBy: by,
        decidedAt: ctx.now().toISOString(),
      });
      await ctx.auth.audit([
        {
          at: ctx.now(),
          actor: by,
          action: 'record-mark',
          outcome: 'ok',
          target: `${body.data.institution}:${body.data.submission}:${body.data.row}`,
          detail: `outcome ${body.data.outcome}`,
          address: addressOf(req),
        },
      ]);
      res.status(201).json(mark);
    } catch (error) {
      if (error instanceof SisError && error.code === 'input/bad-argument')
        throw new HttpError(400, error.message);
      throw error;
    }
  });
  return router;
}
