import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SisError } from '../errors.ts';

/** Submissions per fan-out folder: a round's tens of thousands of files spread over folders. */
const PER_FOLDER = 1000;

/**
 * Where a submission's annotated workbook lives: a pure function of its id, so the file itself is
 * the record that it was built (no database row has to be written by another process).
 */
export function annotatedPath(dir: string, submissionId: number): string {
  if (!Number.isSafeInteger(submissionId) || submissionId <= 0)
    throw new SisError('internal/bug', `not a submission id: ${submissionId}`);
  return path.join(dir, String(Math.floor(submissionId / PER_FOLDER)), `${submissionId}.xlsx`);
}

/**
 * Stores a submission's annotated workbook unless one is stored already; true when this call
 * stored it. The file appears whole or not at all (written aside, then hard-linked into place,
 * which fails rather than replaces): once served, a workbook never changes under its readers.
 */
export async function storeAnnotated(dir: string, submissionId: number, bytes: Uint8Array): Promise<boolean> {
  const target = annotatedPath(dir, submissionId);
  const temp = `${target}.${randomBytes(8).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temp, bytes);
    await link(temp, target);
    return true;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SisError('storage/io', `cannot store the annotated workbook of submission ${submissionId}`, {
      cause,
    });
  } finally {
    await rm(temp, { force: true });
  }
}

/** True when the submission's annotated workbook is stored. */
export async function hasAnnotated(dir: string, submissionId: number): Promise<boolean> {
  const handle = await openAnnotated(dir, submissionId);
  await handle?.close();
  return handle !== undefined;
}

/** Opens the stored annotated workbook for reading; undefined when none is stored (yet). */
export async function openAnnotated(dir: string, submissionId: number): Promise<FileHandle | undefined> {
  try {
    return await open(annotatedPath(dir, submissionId), 'r');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SisError('storage/io', `cannot read the annotated workbook of submission ${submissionId}`, {
      cause,
    });
  }
}
