import type { Request } from 'express';
import { z } from 'zod';
import {
  ingestOptionsSchema,
  type AcceptedUpload,
  type IngestOptions,
  type UploadContent,
  type UploadFile,
} from '../../workers/contract.ts';
import { addressOf, principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { uploadFileOf } from './disk-upload.ts';

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

/** A file as received: where its bytes are, its cleaned name and the options sent with it. */
export interface ReceivedUpload {
  readonly content: UploadContent;
  readonly fileName: string;
  readonly options: IngestOptions;
}

/** A file just received over HTTP: streamed to a temporary file, not stored yet. */
export interface StreamedUpload extends ReceivedUpload {
  readonly content: { readonly file: UploadFile };
}

export function receivedUpload(req: Request): StreamedUpload {
  const file = req.file;
  if (!file) throw new HttpError(400, 'กรุณาเลือกไฟล์ (ช่อง file)');
  const form = formSchema.safeParse(req.body ?? {});
  const options = ingestOptionsSchema.safeParse(
    form.success ? { roundId: form.data.round, subjectCode: form.data.institution } : {},
  );
  if (!form.success || !options.success) throw new HttpError(400, 'รอบหรือรหัสไม่ถูกต้อง (รอบเช่น 2562-2)');
  return {
    content: { file: uploadFileOf(file) },
    fileName: safeFileName(file.originalname),
    options: options.data,
  };
}

/** The answer of `POST /api/uploads` (and of a confirm): the contract scripts read. */
export function uploadAnswer(registered: AcceptedUpload) {
  return { ...registered, report: `/api/submissions/${registered.submissionId}` };
}

/** Sends an upload to the queue side and records it in the audit log. */
export async function sendUpload(
  ctx: AppContext,
  req: Request,
  upload: ReceivedUpload,
  note?: string,
): Promise<AcceptedUpload> {
  const now = ctx.now();
  const principal = principalOf(req);
  const accepted = await ctx.intake.acceptUpload(
    {
      ...upload.content,
      fileName: upload.fileName,
      uploadedBy: principal.username,
      uploadedAt: now,
      asOf: now,
      options: upload.options,
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
      detail: note ? `${upload.fileName} (${note})` : upload.fileName,
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
