import { setTimeout as sleep } from 'node:timers/promises';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { submissionProvince } from '../../pipeline/auth/account-repository.ts';
import { can, canSeeProvince } from '../../pipeline/auth/roles.ts';
import { readSubmissionReport } from '../../pipeline/load/submission-report.ts';
import { principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';

/** A file's stages in the order they happen; `done` means its report is in the warehouse. */
export const STAGES = ['queued', 'parsing', 'loading', 'done'] as const;
export type Stage = (typeof STAGES)[number];

/** Queue state is read this often while a stream is open (two Redis reads per file in flight). */
const POLL_MS = 250;
/** A comment line keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
/** A stream ends after this long; the page's script opens a new one if files are still on their way. */
const STREAM_MS = 10 * 60_000;
const MAX_IDS = 20;

const idsSchema = z
  .string()
  .max(MAX_IDS * 16)
  .regex(/^\d{1,15}(,\d{1,15})*$/u)
  .transform((s) => s.split(',').map(Number))
  .pipe(z.array(z.number().int().positive()).min(1).max(MAX_IDS));

interface Observed {
  readonly stage: Stage;
  readonly progress?: unknown;
}

async function observe(ctx: AppContext, id: number): Promise<Observed> {
  const row = await ctx.db
    .selectFrom('submissions')
    .select(['status', 'file_group'])
    .where('submission_id', '=', BigInt(id))
    .executeTakeFirst();
  if (!row) throw new HttpError(404, 'ไม่พบรายการส่งข้อมูลนี้');
  if (row.status !== 'queued') return { stage: 'done' };
  if (!row.file_group) return { stage: 'queued' };
  return ctx.intake.groupStage(row.file_group);
}

/** What the page shows when a file is done: the outcome and where its issues and workbook are. */
async function resultOf(ctx: AppContext, id: number) {
  const report = await readSubmissionReport(ctx.db, id);
  return {
    status: report.status,
    file: report.file,
    rows: report.rows,
    errors: report.issues.filter((i) => i.severity === 'error').length,
    warnings: report.issues.filter((i) => i.severity === 'warning').length,
    report: `/api/submissions/${id}`,
    page: `/submissions/${id}`,
    annotated: `/submissions/${id}/annotated.xlsx`,
  };
}

async function checkAccess(ctx: AppContext, req: Request, ids: readonly number[]): Promise<void> {
  const principal = principalOf(req);
  if (!can(principal, 'read')) throw new HttpError(403, 'บัญชีของท่านไม่มีสิทธิ์ในส่วนนี้ (403)');
  for (const id of ids) {
    const province = await submissionProvince(ctx.db, id);
    if (province === undefined) throw new HttpError(404, 'ไม่พบรายการส่งข้อมูลนี้');
    if (!canSeeProvince(principal, province)) throw new HttpError(403, 'บัญชีของท่านไม่มีสิทธิ์ในส่วนนี้ (403)');
  }
}

/**
 * Streams each file's stages as server-sent events (`event: stage`, data `{ submissionId, stage,
 * seen, progress? }`), every stage once and in order: a stage passed between two looks is sent
 * with `seen: false`. `done` carries `result`; `event: end` closes the stream.
 */
async function streamStages(ctx: AppContext, req: Request, res: Response, ids: readonly number[]) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  let closed = false;
  req.on('close', () => void (closed = true));
  const sent = new Map<number, number>(ids.map((id) => [id, -1]));
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  try {
    await pollStages(ctx, () => closed, sent, send);
  } catch (error) {
    ctx.log.error('upload events failed', { error });
    if (!closed) send('error', { message: 'เกิดข้อผิดพลาดภายในระบบ' });
  }
  res.end();
}

async function pollStages(
  ctx: AppContext,
  isClosed: () => boolean,
  sent: Map<number, number>,
  send: (event: string, data: unknown) => void,
) {
  const started = Date.now();
  let lastWrite = started;
  while (!isClosed() && sent.size > 0 && Date.now() - started < STREAM_MS) {
    for (const [id, last] of [...sent]) {
      const now = await observe(ctx, id);
      const index = STAGES.indexOf(now.stage);
      for (let i = last + 1; i <= index; i++) {
        const stage = STAGES[i]!;
        const seen = i === index;
        const extra = stage === 'done' ? { result: await resultOf(ctx, id) } : {};
        send('stage', {
          submissionId: id,
          stage,
          seen,
          ...(seen && now.progress ? { progress: now.progress } : {}),
          ...extra,
        });
        lastWrite = Date.now();
      }
      if (index > last) sent.set(id, index);
      if (now.stage === 'done') sent.delete(id);
    }
    if (sent.size === 0) break;
    if (Date.now() - lastWrite > KEEPALIVE_MS) {
      send('ping', {});
      lastWrite = Date.now();
    }
    await sleep(POLL_MS);
  }
  if (!isClosed()) send('end', { pending: [...sent.keys()] });
}

/** Live progress of uploads: `GET /api/submissions/:id/events` and `GET /api/upload-events?ids=1,2`. */
export function uploadEventRoutes(ctx: AppContext): Router {
  const router = Router();
  const handle = async (req: Request, res: Response, raw: unknown) => {
    const ids = idsSchema.safeParse(raw);
    if (!ids.success) throw new HttpError(400, `ids: รหัสรายการส่งข้อมูล 1–${MAX_IDS} รายการ คั่นด้วยจุลภาค`);
    const unique = [...new Set(ids.data)];
    await checkAccess(ctx, req, unique);
    await streamStages(ctx, req, res, unique);
  };
  router.get('/api/submissions/:id/events', (req, res) => handle(req, res, String(req.params.id)));
  router.get('/api/upload-events', (req, res) =>
    handle(req, res, typeof req.query.ids === 'string' ? req.query.ids : ''),
  );
  return router;
}
