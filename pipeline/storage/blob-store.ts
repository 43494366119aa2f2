import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SisError } from '../errors.ts';

/** The SHA-256 of bytes, lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function blobPath(dir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/u.test(sha256)) throw new SisError('internal/bug', `not a SHA-256: ${sha256}`);
  return path.join(dir, sha256.slice(0, 2), sha256);
}

/**
 * Stores bytes content-addressed under `dir` and returns their hash. Writing the same bytes
 * twice is harmless; the file appears whole (written aside, then renamed) or not at all.
 */
export async function putBlob(dir: string, bytes: Uint8Array): Promise<string> {
  const sha256 = sha256Hex(bytes);
  const target = blobPath(dir, sha256);
  try {
    await stat(target);
    return sha256;
  } catch {
    // not stored yet
  }
  try {
    // Unique per write: the same bytes may be stored twice at once (two copies in one wave).
    const temp = `${target}.${randomBytes(8).toString('hex')}.tmp`;
    await writeFile(temp, bytes).catch(async (error: NodeJS.ErrnoException) => {
      // The fan-out folder is made once, when the first blob of its prefix arrives.
      if (error.code !== 'ENOENT') throw error;
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(temp, bytes);
    });
    await rename(temp, target);
  } catch (cause) {
    throw new SisError('storage/io', `cannot store upload ${sha256}`, { cause });
  }
  return sha256;
}

/**
 * Moves a file whose hash is known (counted while it was written) into the store under that hash;
 * the file is gone afterwards, stored or not (the same bytes may be stored already).
 */
export async function moveIntoBlobs(dir: string, file: string, sha256: string): Promise<string> {
  const target = blobPath(dir, sha256);
  try {
    if (await exists(target)) return sha256;
    await mkdir(path.dirname(target), { recursive: true });
    await rename(file, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another file system: copy aside, then rename into place, so the blob appears whole.
      if (error.code !== 'EXDEV') throw error;
      const temp = `${target}.${randomBytes(8).toString('hex')}.tmp`;
      try {
        await copyFile(file, temp);
        await rename(temp, target);
      } catch (copyError) {
        // A copy cut short (a full disk) leaves no half file beside the blobs.
        await rm(temp, { force: true });
        throw copyError;
      }
    });
  } catch (cause) {
    throw new SisError('storage/io', `cannot store upload ${sha256}`, { cause });
  } finally {
    await rm(file, { force: true });
  }
  return sha256;
}

/** The size of a stored blob; a missing blob is permanent. */
export async function blobSize(dir: string, sha256: string): Promise<number> {
  try {
    return (await stat(blobPath(dir, sha256))).size;
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SisError(
      missing ? 'storage/missing-blob' : 'storage/io',
      `stored upload ${sha256} is missing`,
      {
        cause,
      },
    );
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Reads stored bytes back; a missing blob is permanent (retrying cannot bring it back). */
export async function getBlob(dir: string, sha256: string): Promise<Buffer> {
  try {
    return await readFile(blobPath(dir, sha256));
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SisError(
      missing ? 'storage/missing-blob' : 'storage/io',
      `stored upload ${sha256} cannot be read`,
      {
        cause,
      },
    );
  }
}
