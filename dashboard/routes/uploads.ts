import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { readSubmissionReport } from '../../pipeline/load/submission-report.ts';
import { getSubmission } from '../../pipeline/db/submission-repository.ts';
import { annotateWorkbook, annotatedFileName } from '../../pipeline/annotate/annotate-workbook.ts';
import { ingestOptionsSchema } from '../../workers/contract.ts';
import { allow, submissionAccess } from '../auth/guards.ts';
import { addressOf, principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';

const REGISTER_WAIT_MS = 30_000;

const formSchema = z.object({
  round: z
    .string()
    .max(10)
    .optional()
    .transform((v) => v || undefined),
  institution: z
    .string()
    .max(20)
    .optional()
    .transform((v) => v || undefined),
});

/** Upload intake over HTTP: bounded multipart (one file, few small fields), then the same queue path as the CLI. */
export function uploadRoutes(ctx: AppContext): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: ctx.maxUploadBytes, files: 1, fields: 5, fieldSize: 256, parts: 8, headerPairs: 50 },
  }).single('file');
  const receive = (req: Request, res: Response, next: NextFunction) =>
    upload(req, res, (error: unknown) =>
      next(error instanceof multer.MulterError ? toHttpError(error) : error),
    );

  router.post('/api/uploads', allow('upload'), receive, async (req, res) => {
    const registered = await accept(ctx, req);
    res.status(202).json({ ...registered, report: `/api/submissions/${registered.submissionId}` });
  });
  router.post('/uploads', allow('upload'), receive, async (req, res) => {
    const registered = await accept(ctx, req);
    res.redirect(303, `/submissions/${registered.submissionId}`);
  });
  router.get('/api/submissions/:id', submissionAccess(ctx, 'personal-data'), async (req, res) => {
    const id = await existingSubmission(ctx, String(req.params.id));
    res.json(await readSubmissionReport(ctx.db, id));
  });
  router.get('/submissions/:id/annotated.xlsx', submissionAccess(ctx, 'personal-data'), async (req, res) => {
    const id = await existingSubmission(ctx, String(req.params.id));
    const report = await readSubmissionReport(ctx.db, id);
    const bytes = await ctx.intake.readUpload(report.sha256);
    const annotated = await annotateWorkbook(bytes, report.file, report.issues);
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(annotatedFileName(report.file))
      .send(annotated);
  });
  return router;
}

async function accept(ctx: AppContext, req: Request) {
  const file = req.file;
  if (!file) throw new HttpError(400, 'กรุณาเลือกไฟล์ (ช่อง file)');
  const form = formSchema.safeParse(req.body ?? {});
  const options = ingestOptionsSchema.safeParse(
    form.success ? { roundId: form.data.round, subjectCode: form.data.institution } : {},
  );
  if (!form.success || !options.success) throw new HttpError(400, 'รอบหรือรหัสไม่ถูกต้อง (รอบเช่น 2562-2)');
  const now = ctx.now();
  const principal = principalOf(req);
  const fileName = safeFileName(file.originalname);
  const accepted = await ctx.intake.acceptUpload(
    {
      bytes: file.buffer,
      fileName,
      uploadedBy: principal.username,
      uploadedAt: now,
      asOf: now,
      options: options.data,
      ...(principal.provinceCode ? { uploaderProvince: principal.provinceCode } : {}),
    },
    REGISTER_WAIT_MS,
  );
  await ctx.auth.audit([
    {
      at: now,
      actor: principal.username,
      action: 'upload',
      outcome: 'ok',
      target: `submission ${accepted.submissionId}`,
      detail: fileName,
      address: addressOf(req),
    },
  ]);
  return accepted;
}

/** The name as shown back to clerks: no path, no control characters, at most 200 characters. */
function safeFileName(name: string): string {
  // Multer hands over the header's bytes as latin1; browsers send UTF-8 names.
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  const base = decoded.split(/[\\/]/u).pop() ?? 'upload';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/gu, '')
    .trim()
    .slice(0, 200);
  return clean || 'upload';
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
