import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { annotateWorkbook, annotatedFileName } from '../pipeline/annotate/annotate-workbook.ts';
import { SisError } from '../pipeline/errors.ts';
import type { SubmissionReport } from '../pipeline/load/submission-report.ts';

/** Writes, for each file with problems, the clerk's own workbook with the bad cells marked. */
export async function writeAnnotatedFiles(
  dir: string,
  files: readonly string[],
  reports: readonly SubmissionReport[],
): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw new SisError('input/bad-argument', `cannot create ${dir}`, { cause });
  }
  const written: string[] = [];
  for (const [index, file] of files.entries()) {
    const report = reports[index];
    if (!report || report.issues.length === 0) continue;
    const target = path.join(dir, annotatedFileName(path.basename(file)));
    await writeFile(target, await annotateWorkbook(await readFile(file), path.basename(file), report.issues));
    written.push(target);
  }
  return written;
}
