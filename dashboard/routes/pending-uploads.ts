import { Router, type Request } from 'express';
import { allow } from '../auth/guards.ts';
import { csrfToken } from '../auth/csrf.ts';
import { principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { dropPending, readPending, type PendingUpload } from '../uploads/pending-store.ts';
import { findReplacement } from '../uploads/replacement.ts';
import { sendUpload, uploadAnswer } from '../uploads/send-upload.ts';

const NOT_FOUND = 'ไม่พบไฟล์ที่รอยืนยัน (อาจหมดเวลาแล้ว กรุณาส่งไฟล์ใหม่)';
/** The page lists at most this many pupils per kind of change; the counts stay whole. */
const LIST_LIMIT = 500;

const FIELD_TH: Record<string, string> = {
  prefix: 'คำนำหน้า',
  firstName: 'ชื่อ',
  lastName: 'นามสกุล',
  sex: 'เพศ',
  birthDate: 'วันเกิด',
  level: 'ชั้น/อายุ',
};

async function pendingOf(ctx: AppContext, req: Request): Promise<{ id: string; pending: PendingUpload }> {
  const id = String(req.params.pendingId);
  const pending = await readPending(ctx, id, principalOf(req).username);
  if (!pending) throw new HttpError(404, NOT_FOUND);
  return { id, pending };
}

/** Sends a held upload on, once: a second confirm of the same id finds nothing. */
async function confirm(ctx: AppContext, req: Request) {
  const { id, pending } = await pendingOf(ctx, req);
  if (!(await dropPending(ctx, id))) throw new HttpError(404, NOT_FOUND);
  return sendUpload(
    ctx,
    req,
    { content: { stored: pending.sha256 }, fileName: pending.fileName, options: pending.options },
    `ยืนยันแทนที่ submission ${pending.replaces.submissionId}`,
  );
}

/** The changes a held upload makes, read again from its stored bytes (the warehouse may have moved). */
async function changesOf(ctx: AppContext, pending: PendingUpload) {
  const replacement = await findReplacement(
    ctx,
    { stored: pending.sha256 },
    pending.fileName,
    pending.options,
  );
  return replacement?.diff ?? { added: [], removed: [], changed: [], unchanged: 0 };
}

/**
 * Uploads held until the clerk confirms that they replace counted data: the page (and JSON) with
 * what changes, confirm and cancel. Only the account that sent a file sees or confirms it.
 */
export function pendingUploadRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/uploads/pending/:pendingId', allow('upload'), async (req, res) => {
    const { id, pending } = await pendingOf(ctx, req);
    res.json({ pendingId: id, ...pending, diff: await changesOf(ctx, pending) });
  });
  router.post('/api/uploads/pending/:pendingId/confirm', allow('upload'), async (req, res) => {
    res.status(202).json(uploadAnswer(await confirm(ctx, req)));
  });
  router.post('/api/uploads/pending/:pendingId/cancel', allow('upload'), async (req, res) => {
    const { id } = await pendingOf(ctx, req);
    await dropPending(ctx, id);
    res.status(204).end();
  });
  router.get('/uploads/pending/:pendingId', allow('upload'), async (req, res) => {
    const { id, pending } = await pendingOf(ctx, req);
    const diff = await changesOf(ctx, pending);
    res.send(
      ctx.views.render('pending', {
        title: `ยืนยันการแทนที่ข้อมูล ${pending.fileName}`,
        csrf: csrfToken(req.session),
        id,
        pending,
        counts: { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length },
        unchanged: diff.unchanged,
        added: diff.added.slice(0, LIST_LIMIT),
        removed: diff.removed.slice(0, LIST_LIMIT),
        changed: diff.changed.slice(0, LIST_LIMIT).map((c) => ({
          ...c,
          fieldsTh: c.fields.map((f) => FIELD_TH[f] ?? f).join(', '),
        })),
      }),
    );
  });
  router.post('/uploads/pending/:pendingId/confirm', allow('upload'), async (req, res) => {
    const registered = await confirm(ctx, req);
    res.redirect(303, `/submissions/${registered.submissionId}`);
  });
  router.post('/uploads/pending/:pendingId/cancel', allow('upload'), async (req, res) => {
    const { id } = await pendingOf(ctx, req);
    await dropPending(ctx, id);
    res.redirect(303, '/uploads/new');
  });
  return router;
}
