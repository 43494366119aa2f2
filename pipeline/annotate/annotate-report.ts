import type { IssueCode } from '../issues/codes.ts';
import type { SubmissionReport } from '../load/submission-report.ts';
import { annotateWorkbook } from './annotate-workbook.ts';

/**
 * Issues that say the file itself could not (or must not) be read: too big, too many rows, a
 * container over its limits, encrypted, unreadable, or a file whose parse killed its worker. Such a
 * file is never opened again to be marked; its workbook is the summary sheet alone.
 */
const UNOPENED: ReadonlySet<IssueCode> = new Set<IssueCode>([
  'file/unreadable',
  'file/encrypted',
  'file/too-large',
  'file/over-limit',
  'file/too-many-rows',
  'file/empty',
  'file/processing-failed',
]);

/** True when the file's own sheets may be loaded to mark its cells (the parser read it within the limits). */
export function opensFile(report: Pick<SubmissionReport, 'issues'>): boolean {
  return !report.issues.some((issue) => UNOPENED.has(issue.code));
}

/**
 * The annotated workbook of a finished submission, from its report (every issue, the loader's
 * included) and its stored bytes, read only when {@link opensFile} allows.
 */
export async function annotateReport(
  report: Pick<SubmissionReport, 'file' | 'issues'>,
  readBytes: () => Promise<Uint8Array | undefined>,
): Promise<Buffer> {
  const bytes = opensFile(report) ? await readBytes() : undefined;
  return annotateWorkbook(bytes ?? new Uint8Array(), report.file, report.issues);
}
