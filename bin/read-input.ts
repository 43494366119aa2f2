import { accessSync, constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SisError } from '../pipeline/errors.ts';

function unreadable(file: string, cause: unknown): SisError {
  const code = (cause as NodeJS.ErrnoException).code ?? 'error';
  return new SisError('input/unreadable-file', `cannot read ${file}: ${code}`, { cause });
}

/** Reads a file named on the command line; a missing or unreadable one is a one-line error. */
export async function readInput(file: string): Promise<Buffer> {
  return readFile(file).catch((cause: unknown) => {
    throw unreadable(file, cause);
  });
}

/**
 * Checks, before anything is sent, that every named file can be read (read later, one by one);
 * the first one that cannot, in the order given, is the error. Synchronous on purpose: nothing
 * else runs yet, and one `access` call costs far less than a round through the thread pool,
 * which, one file after another, kept the command waiting before it opened anything.
 */
export function checkReadable(files: readonly string[]): void {
  for (const file of files) {
    try {
      accessSync(file, constants.R_OK);
    } catch (cause) {
      throw unreadable(file, cause);
    }
  }
}
