/**
 * The one exception class of the project. Exceptions are for bugs and infrastructure faults;
 * a clerk's broken file is never an exception but a list of {@link Issue}s.
 */
export type SisErrorCode =
  | 'config/invalid'
  | 'storage/missing-blob'
  | 'storage/io'
  | 'db/failed'
  | 'queue/failed'
  | 'queue/timeout'
  | 'input/bad-argument'
  | 'input/unreadable-file'
  | 'registry/not-loaded'
  | 'round/unknown'
  | 'internal/bug';

const RETRYABLE: ReadonlySet<SisErrorCode> = new Set(['storage/io', 'db/failed', 'queue/failed']);

export class SisError extends Error {
  readonly code: SisErrorCode;
  readonly retryable: boolean;

  constructor(code: SisErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SisError';
    this.code = code;
    this.retryable = options?.retryable ?? RETRYABLE.has(code);
  }
}

/** True when the error is ours and says a retry cannot help. */
export function isPermanentError(error: unknown): boolean {
  return error instanceof SisError && !error.retryable;
}
