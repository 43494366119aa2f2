import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { readSubmissionReport } from '../../pipeline/load/submission-report.ts';
import { getSubmission } from '../../pipeline/db/submission-repository.ts';
import { diskUploadStorage, removeTempFilesAfter } from '../uploads/disk-upload.ts';
import { holdIfReplacing } from '../uploads/hold.ts';
import { serveAnnotated } from '../uploads/serve-annotated.ts';
import { uploadGate } from '../uploads/upload-gate.ts';
import { receivedUpload, sendUpload, uploadAnswer } from '../uploads/send-upload.ts';
import { allow, submissionAccess } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';

/**
 * Upload intake over HTTP: bounded multipart (one file, few small fields) streamed to a temporary
 * file (hashed on the way), then the same queue path as the CLI, which moves it into the store.
 */
export function uploadRoutes(ctx: AppContext): Router {
  const router = Router();
  const upload = multer({
    storage: diskUploadStorage(ctx.uploadTempDir),
    limits: { fileSize: ctx.maxUploadBytes, files: 1, fields: 5, fieldSize: 256, parts: 8, headerPairs: 50 },
  }).single('file');
  const gate = uploadGate(ctx.maxConcurrentUploads);
  const cleanUp = removeTempFilesAfter();
  const read = (req: Request, res: Response, next: NextFunction) =>
    upload(req, res, (error: unknown) =>
      next(error instanceof multer.MulterError ? toHttpError(error) : error),
    );

  // `?hold=replace` (the upload page's script): a file that would replace counted data is held
  // until confirmed. Without it the API accepts at once, as scripts with a token always have.
  router.post('/api/uploads', allow('upload'), gate, cleanUp, read, async (req, res) => {
    const received = receivedUpload(req);
    if (req.query.hold === 'replace') {
      const held = await holdIfReplacing(ctx, req, received);
      if (held) return void res.status(200).json(held);
    }
    const registered = await sendUpload(ctx, req, received);
    res.status(202).json(uploadAnswer(registered));
  });
  // The form without script: a browser's upload that would replace counted data waits for a confirm.
  router.post('/uploads', allow('upload'), gate, cleanUp, read, async (req, res) => {
    const received = receivedUpload(req);
    if (req.authVia === 'session') {
      const held = await holdIfReplacing(ctx, req, received);
      if (held) return void res.redirect(303, `/uploads/pending/${held.pendingId}`);
    }
    const registered = await sendUpload(ctx, req, received);
    res.redirect(303, `/submissions/${registered.submissionId}`);
  });
  router.get('/api/submissions/:id', submissionAccess(ctx, 'personal-data'), async (req, res) => {
    const id = await existingSubmission(ctx, String(req.params.id));
    res.json(await readSubmissionReport(ctx.db, id));
  });
  router.get('/submissions/:id/annotated.xlsx', submissionAccess(ctx, 'personal-data'), (req, res) =>
    serveAnnotated(ctx, req, res),
  );
  return router;
}

async function existingSubmission(ctx: AppContext, raw: string | undefined): Promise<number> {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, 'ไม่พบรายการส่งข้อมูลนี้');
  const submission = await getSubmission(ctx.db, id);
  if (!submission) throw new HttpError(404, 'ไม่พบรายการส่งข้อมูลนี้');
  return id;
}

function toHttpError(error: InstanceType<typeof multer.MulterError>): HttpError {
  if (error.code === 'LIMIT_FILE_SIZE') return new HttpError(413, 'ไฟล์มีขนาดใหญ่เกินกำหนด');
  return new HttpError(400, `คำขอไม่ถูกต้อง (${error.code})`);
}
