import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SisError } from '../errors.ts';
import type { SubmissionReport } from './submission-report.ts';

function reportPath(dir: string, submissionId: number): string {
  return path.join(dir, `${submissionId}.json`);
}

/** Writes a submission's report where every process sharing the data folder can read it. */
export async function writeReportFile(dir: string, report: SubmissionReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = reportPath(dir, report.submissionId);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(report));
  await rename(temp, target);
}

export async function readReportFile(dir: string, submissionId: number): Promise<SubmissionReport> {
  try {
    return JSON.parse(await readFile(reportPath(dir, submissionId), 'utf8')) as SubmissionReport;
  } catch (cause) {
    throw new SisError('storage/io', `report of submission ${submissionId} cannot be read`, { cause });
  }
}
