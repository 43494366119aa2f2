import { pino, type DestinationStream } from 'pino';

/**
 * Structured logs: one JSON line per event (pino), on stderr, so stdout carries only a command's
 * own output. Logs leave the machine, so whatever reaches them is scrubbed first: national IDs
 * and G-codes in any text, fields that hold names, IDs or secrets, and the password of any URL
 * (`REDIS_URL`). Errors are logged with their cause chain.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const REDACTED = '[redacted]';

/** Field names whose values never reach a log (compared without case, `_` or `-`). */
const SECRET_FIELDS =
  /^(nationalid|personid|citizenid|idcard|firstname|lastname|fullname|middlename|surname|givenname|prefixname|studentname|childname|password|passwd|pass|secret|token|apikey|authorization|cookie|redisurl)$/u;
/** Thirteen-digit runs (plain or as printed: 1-2345-67890-12-3) and G-codes. */
const PERSON_ID = /(?<![0-9A-Za-z])(?:\d{13}|\d-\d{4}-\d{5}-\d{2}-\d|G\d{12})(?![0-9A-Za-z])/giu;
/** The user-info part of a URL (`redis://user:password@host`). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@]*)@/giu;

/** Text as it may be logged: person IDs and URL passwords replaced. */
export function redactText(text: string): string {
  return text.replace(PERSON_ID, REDACTED).replace(URL_USERINFO, (_m, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    return `${scheme}${colon < 0 ? REDACTED : `${info.slice(0, colon)}:${REDACTED}`}@`;
  });
}

/** A value as it may be logged: texts scrubbed, secret fields dropped, errors kept with their cause. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[deep]';
  if (value instanceof Error) return redactError(value, depth);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_FIELDS.test(key.replace(/[_-]/gu, '').toLowerCase())
      ? REDACTED
      : redactValue(v, depth + 1);
  }
  return out;
}

function redactError(error: Error, depth: number): Record<string, unknown> {
  const { name, message, stack, cause } = error;
  const own = Object.fromEntries(
    Object.entries(error).filter(([key]) => !['name', 'message', 'stack', 'cause'].includes(key)),
  );
  return {
    ...(redactValue(own, depth + 1) as Record<string, unknown>),
    type: name,
    message: redactText(message),
    ...(stack ? { stack: redactText(stack) } : {}),
    ...(cause !== undefined ? { cause: redactValue(cause, depth + 1) } : {}),
  };
}

/**
 * A logger named after its process or command, writing to stderr (or `destination`, for tests).
 * `fields` may hold an `error`: it is logged whole, with its cause.
 */
export function createLogger(name: string, destination: DestinationStream = process.stderr): Logger {
  const base = pino(
    {
      base: { name },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const emit =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, fields: Record<string, unknown> = {}) =>
      base[level](redactValue(fields) as Record<string, unknown>, redactText(message));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything (quiet CLI runs and tests). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
