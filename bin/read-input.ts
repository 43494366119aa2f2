import { access, constants, readFile } from 'node:fs/promises';
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

/** Checks, before anything is sent, that every named file can be read (read later, one by one). */
export async function checkReadable(files: readonly string[]): Promise<void> {
  for (const file of files) {
    await access(file, constants.R_OK).catch((cause: unknown) => {
      throw unreadable(file, cause);
    });
  }
}
