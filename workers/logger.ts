/**
 * A small structured logger: one JSON line per event on stderr. Never pass roster values
 * (names, IDs) in `fields`: logs leave the machine.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(
  name: string,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const emit =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      write(`${JSON.stringify({ time: new Date().toISOString(), level, name, message, ...fields })}\n`);
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything (quiet CLI runs and tests). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
