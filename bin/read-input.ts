import { readFile } from 'node:fs/promises';
import { SisError } from '../pipeline/errors.ts';

/** Reads a file named on the command line; a missing or unreadable one is a one-line error. */
export async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new SisError(
      'input/unreadable-file',
      `cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`,
      { cause },
    );
  }
}
