import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { FileHandle } from 'node:fs/promises';
import { annotatedFileName } from '../../pipeline/annotate/annotate-workbook.ts';
import { getSubmission, type SubmissionRow } from '../../pipeline/db/submission-repository.ts';
import { readSubmissionReport } from '../../pipeline/load/submission-report.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How long a visitor waits before asking again for a workbook being built. */
const RETRY_AFTER_SECONDS = 5;
/** A browser shown the wait page asks again by itself after this long (the `Refresh` header). */
const BROWSER_REFRESH_SECONDS = 2;

/**
 * Answers `GET /submissions/:id/annotated.xlsx` (access already checked): the workbook a child
 * built once, on the first request, streamed from disk. This process never reads the upload or
 * builds a workbook: when none is stored yet, a child is asked to build it and the visitor is
 * told, in Thai, to try again shortly (202 with `Retry-After`). A build that failed for good is a
 * fault: a 500.
 */
export async function serveAnnotated(ctx: AppContext, req: Request, res: Response): Promise<void> {
  const submission = await existingSubmission(ctx, String(req.params.id));
  const stored = await ctx.intake.openAnnotated(submission.submissionId);
  if (stored) return sendStored(res, stored, annotatedFileName(submission.fileName));
  if (!submission.finished)
    return notReady(ctx, res, 'ไฟล์นี้ยังตรวจสอบไม่เสร็จ กรุณารอให้ตรวจสอบเสร็จแล้วดาวน์โหลดอีกครั้ง');
  const state = await ctx.intake.requestAnnotation(submission.submissionId, () =>
    readSubmissionReport(ctx.db, submission.submissionId),
  );
  if (state === 'failed')
    throw new Error(`the annotated workbook of submission ${submission.submissionId} could not be built`);
  notReady(ctx, res, 'กำลังจัดทำไฟล์ที่ทำเครื่องหมายปัญหา กรุณาลองดาวน์โหลดอีกครั้งในอีกสักครู่');
}

async function existingSubmission(ctx: AppContext, raw: string): Promise<SubmissionRow> {
  const id = Number(raw);
  const submission = Number.isSafeInteger(id) && id > 0 ? await getSubmission(ctx.db, id) : undefined;
  if (!submission) throw new HttpError(404, 'ไม่พบรายการส่งข้อมูลนี้');
  return submission;
}

async function sendStored(res: Response, file: FileHandle, name: string): Promise<void> {
  let size: number;
  try {
    size = (await file.stat()).size;
  } catch (error) {
    await file.close();
    throw error;
  }
  res.type(XLSX_TYPE).attachment(name).set('Content-Length', String(size));
  try {
    await pipeline(file.createReadStream(), res);
  } catch (error) {
    // A visitor who goes away mid-download is not a fault of ours.
    if (!res.destroyed) throw error;
  }
}

function notReady(ctx: AppContext, res: Response, message: string): void {
  res
    .status(202)
    .set('Retry-After', String(RETRY_AFTER_SECONDS))
    // A clerk who clicked the link gets the file as soon as it is built, without clicking again.
    .set('Refresh', String(BROWSER_REFRESH_SECONDS))
    .send(
      ctx.views.render('error', {
        title: 'ไฟล์ที่ทำเครื่องหมายยังไม่พร้อม',
        message: `${message} (หน้านี้จะลองดาวน์โหลดให้เองทุก ${BROWSER_REFRESH_SECONDS} วินาที)`,
      }),
    );
}
