import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SisError } from '../errors.ts';
import type { SubmissionReport } from './submission-report.ts';

function groupReportPath(dir: string, group: string): string {
  return path.join(dir, `group-${group}.json`);
}

/**
 * Writes the reports of a group of files (they travel together) where every process sharing
 * the data folder can read them: one file per group, written aside and renamed.
 */
export async function writeGroupReport(
  dir: string,
  group: string,
  reports: readonly SubmissionReport[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = groupReportPath(dir, group);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(reports));
  await rename(temp, target);
}

function submissionReportPath(dir: string, submissionId: number): string {
  return path.join(dir, `submission-${submissionId}.json`);
}

/** Writes one finished submission's report for a child to read (an annotated workbook asked for later). */
export async function writeSubmissionReport(dir: string, report: SubmissionReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = submissionReportPath(dir, report.submissionId);
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, JSON.stringify(report));
  await rename(temp, target);
}

export async function readSubmissionReportFile(dir: string, submissionId: number): Promise<SubmissionReport> {
  try {
    return JSON.parse(await readFile(submissionReportPath(dir, submissionId), 'utf8')) as SubmissionReport;
  } catch (cause) {
    throw new SisError('storage/io', `report of submission ${submissionId} cannot be read`, { cause });
  }
}

export async function readGroupReport(dir: string, group: string): Promise<SubmissionReport[]> {
  try {
    return JSON.parse(await readFile(groupReportPath(dir, group), 'utf8')) as SubmissionReport[];
  } catch (cause) {
    throw new SisError('storage/io', `reports of file group ${group} cannot be read`, { cause });
  }
}
