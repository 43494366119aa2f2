import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { SisError } from './errors.ts';
import { DEFAULT_CELL_LIMITS, type CellLimits, type ReadLimits } from './read/workbook.ts';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './read/zip-guard.ts';

const MB = 1024 * 1024;

/**
 * Parse children per worker process unless SIS_WORKER_CONCURRENCY says: one per core (`cores`:
 * what the process may use, `os.availableParallelism()`), at least 1 and at most 64. Parsing is
 * CPU work (a child barely waits on its files), and every child JIT-compiles the parser for
 * itself, so a child more than cores only adds that duplicated work; on the 2-core machine three
 * children were slower than two through `sis ingest` (README, "Parse children: one per core,
 * smaller compiles"). Node counts the CPUs the process may run on, not a container's CPU quota.
 */
export function defaultWorkerConcurrency(cores: number): number {
  return Math.min(64, Math.max(1, Math.floor(cores)));
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
};

/** Bytes of a size as DuckDB reads it (`256MB`: 10^6 bytes a MB, `256MiB`: 2^20); NaN if not a size. */
export function sizeBytes(size: string): number {
  const match = /^(\d{1,6}(?:\.\d{1,3})?)(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/u.exec(size);
  return match ? Number(match[1]) * SIZE_UNITS[match[2]!]! : Number.NaN;
}

/** A DuckDB size setting: a number above zero and its unit, nothing else (it is put into a SET statement). */
const duckdbSize = z.string().refine((size) => sizeBytes(size) > 0, 'a size such as 2GB or 256MB');

const configSchema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//u, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  SIS_DATA_DIR: z.string().min(1).default('data'),
  SIS_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/u, 'letters, digits, colon, dash or underscore, at most 64')
    .default('sis'),
  SIS_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/u, 'a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SIS_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(25),
  SIS_MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).max(1000).default(8),
  SIS_MAX_ROWS: z.coerce.number().int().positive().max(1_048_576).default(100_000),
  SIS_MAX_COLUMNS: z.coerce.number().int().positive().max(16_384).default(DEFAULT_CELL_LIMITS.maxColumns),
  SIS_MAX_CELLS: z.coerce.number().int().positive().max(100_000_000).default(DEFAULT_CELL_LIMITS.maxCells),
  SIS_MAX_CELL_CHARS: z.coerce
    .number()
    .int()
    .positive()
    .max(10_000_000)
    .default(DEFAULT_CELL_LIMITS.maxCellChars),
  SIS_PARSE_TIMEOUT_MS: z.coerce.number().int().min(10).max(3_600_000).default(120_000),
  SIS_MAX_INFLATED_MB: z.coerce
    .number()
    .positive()
    .max(4096)
    .default(DEFAULT_ZIP_LIMITS.maxInflatedBytes / MB),
  SIS_MAX_ZIP_ENTRIES: z.coerce.number().int().positive().max(65_535).default(DEFAULT_ZIP_LIMITS.maxEntries),
  SIS_MAX_ZIP_RATIO: z.coerce.number().positive().max(1_000_000_000).default(DEFAULT_ZIP_LIMITS.maxRatio),
  SIS_WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(() => defaultWorkerConcurrency(availableParallelism())),
  SIS_DEDUP_THRESHOLD: z.coerce.number().min(0).max(1).default(0.85),
  SIS_DUCKDB_MEMORY_LIMIT: duckdbSize.default('2GB'),
  SIS_DUCKDB_LOAD_MEMORY_LIMIT: duckdbSize.default('256MB'),
  SIS_DUCKDB_TEMP_DIR: z.string().min(1).max(4096).optional(),
  SIS_DEDUP_DEBOUNCE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  SIS_SNAPSHOT_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  SIS_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  SIS_SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SIS_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  SIS_SMTP_URL: z.url({ protocol: /^smtps?$/u }).optional(),
  SIS_REMIND_DAYS: z
    .string()
    .regex(/^(\d{1,2}(,\d{1,2})*)?$/u, 'days before the close, comma-separated, e.g. 7,3,1 (empty: none)')
    .default('7,3,1'),
  SIS_MAIL_FROM: z.string().min(3).max(200).default('sis-pipeline <no-reply@localhost>'),
});

/** Settings read from the environment once, at start-up, and passed down. */
export interface Config {
  readonly redisUrl: string;
  readonly dataDir: string;
  /** Reference CSVs shipped with the code (provinces, rounds, rates…). */
  readonly referenceDir: string;
  readonly queuePrefix: string;
  /** The address the web app listens on. */
  readonly host: string;
  readonly port: number;
  readonly maxUploadBytes: number;
  /** Uploads the web app receives at once (each streamed to disk, up to maxUploadBytes). */
  readonly maxConcurrentUploads: number;
  readonly maxRows: number;
  /** Bounds on an .xlsx container, checked before it is inflated. */
  readonly zip: ZipLimits;
  /** Bounds on the columns, cells and characters of a file. */
  readonly cells: CellLimits;
  /** How long one file's parse may run before it is stopped and the file reported. */
  readonly parseTimeoutMs: number;
  readonly workerConcurrency: number;
  readonly dedupThreshold: number;
  /**
   * The warehouse's DuckDB `memory_limit` and `temp_directory`: past the limit, big operations
   * (duplicate detection of a country) spill to the folder instead of growing. The loader runs
   * at `loadMemoryLimit` (never above `memoryLimit`) and raises it to `memoryLimit` as it opens
   * the file and for duplicate detection and snapshots.
   */
  readonly duckdb: {
    readonly memoryLimit: string;
    readonly loadMemoryLimit: string;
    readonly tempDirectory: string;
  };
  /** Quiet time after the last load before duplicate detection runs for its round. */
  readonly dedupDebounceMs: number;
  /** At most one snapshot publish per this many ms after loads and duplicate-detection runs. */
  readonly snapshotIntervalMs: number;
  /** How long a worker's lock on a job lasts without renewal; a dead worker's job restarts after it. */
  readonly jobLockMs: number;
  /** Signs session cookies; unset, each start draws a random one (sessions end on restart). */
  readonly sessionSecret: string | undefined;
  /** Behind a TLS-terminating proxy: trust its X-Forwarded-* and mark cookies `Secure`. */
  readonly trustProxy: boolean;
  /** Where reminders are sent (`smtp://user:pass@host:587`); unset, they are printed as letters instead. */
  readonly smtpUrl: string | undefined;
  /** The sender of reminders. */
  readonly mailFrom: string;
  /** Days before a window's close on which reminders go out by themselves (empty: never). */
  readonly remindDays: readonly number[];
}

/** Where runtime state lives under the data directory. */
export function runtimePaths(config: Pick<Config, 'dataDir'>) {
  const root = path.join(config.dataDir, 'runtime');
  return {
    root,
    database: path.join(root, 'sis.duckdb'),
    uploads: path.join(root, 'uploads'),
    staging: path.join(root, 'staging'),
    reports: path.join(root, 'reports'),
    exports: path.join(root, 'exports'),
    snapshots: path.join(root, 'snapshots'),
    reminders: path.join(root, 'reminders'),
    /** Each finished submission's annotated workbook, built once by a child (`annotate` queue). */
    annotated: path.join(root, 'annotated'),
    /** Uploads while they arrive over HTTP, before they move into `uploads/`. */
    incoming: path.join(root, 'incoming'),
  };
}

/**
 * Parses the environment; on any bad key throws one error that lists every bad key.
 * `referenceDir` defaults to the `data/` folder of this checkout.
 */
export function parseConfig(env: Record<string, string | undefined>, referenceDir: string): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new SisError('config/invalid', `invalid configuration:\n${lines.join('\n')}`);
  }
  const c = result.data;
  return {
    redisUrl: c.REDIS_URL,
    dataDir: path.resolve(c.SIS_DATA_DIR),
    referenceDir,
    queuePrefix: c.SIS_QUEUE_PREFIX,
    host: c.SIS_HOST,
    port: c.PORT,
    maxUploadBytes: Math.round(c.SIS_MAX_UPLOAD_MB * MB),
    maxConcurrentUploads: c.SIS_MAX_CONCURRENT_UPLOADS,
    maxRows: c.SIS_MAX_ROWS,
    zip: {
      maxInflatedBytes: Math.round(c.SIS_MAX_INFLATED_MB * MB),
      maxEntries: c.SIS_MAX_ZIP_ENTRIES,
      maxRatio: c.SIS_MAX_ZIP_RATIO,
    },
    cells: {
      maxColumns: c.SIS_MAX_COLUMNS,
      maxCells: c.SIS_MAX_CELLS,
      maxCellChars: c.SIS_MAX_CELL_CHARS,
    },
    parseTimeoutMs: c.SIS_PARSE_TIMEOUT_MS,
    workerConcurrency: c.SIS_WORKER_CONCURRENCY,
    dedupThreshold: c.SIS_DEDUP_THRESHOLD,
    duckdb: {
      memoryLimit: c.SIS_DUCKDB_MEMORY_LIMIT,
      // Loading never gets more than the batch work: a smaller SIS_DUCKDB_MEMORY_LIMIT caps it too.
      loadMemoryLimit:
        sizeBytes(c.SIS_DUCKDB_LOAD_MEMORY_LIMIT) > sizeBytes(c.SIS_DUCKDB_MEMORY_LIMIT)
          ? c.SIS_DUCKDB_MEMORY_LIMIT
          : c.SIS_DUCKDB_LOAD_MEMORY_LIMIT,
      tempDirectory: path.resolve(c.SIS_DUCKDB_TEMP_DIR ?? path.join(c.SIS_DATA_DIR, 'runtime', 'spill')),
    },
    dedupDebounceMs: c.SIS_DEDUP_DEBOUNCE_MS,
    jobLockMs: c.SIS_JOB_LOCK_MS,
    snapshotIntervalMs: c.SIS_SNAPSHOT_INTERVAL_MS,
    sessionSecret: c.SIS_SESSION_SECRET,
    trustProxy: c.SIS_TRUST_PROXY === '1',
    smtpUrl: c.SIS_SMTP_URL,
    mailFrom: c.SIS_MAIL_FROM,
    remindDays: c.SIS_REMIND_DAYS === '' ? [] : c.SIS_REMIND_DAYS.split(',').map(Number),
  };
}

/** `REDIS_URL` as it may be shown (messages, logs): without its password. */
export function displayRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured REDIS_URL';
  }
}

/** The environment that reproduces a config: child processes (sandboxed workers) parse it again. */
export function configToEnv(config: Config): Record<string, string> {
  return {
    REDIS_URL: config.redisUrl,
    SIS_DATA_DIR: config.dataDir,
    SIS_QUEUE_PREFIX: config.queuePrefix,
    SIS_HOST: config.host,
    PORT: String(config.port),
    SIS_MAX_UPLOAD_MB: String(config.maxUploadBytes / MB),
    SIS_MAX_CONCURRENT_UPLOADS: String(config.maxConcurrentUploads),
    SIS_MAX_ROWS: String(config.maxRows),
    SIS_MAX_INFLATED_MB: String(config.zip.maxInflatedBytes / MB),
    SIS_MAX_ZIP_ENTRIES: String(config.zip.maxEntries),
    SIS_MAX_ZIP_RATIO: String(config.zip.maxRatio),
    SIS_MAX_COLUMNS: String(config.cells.maxColumns),
    SIS_MAX_CELLS: String(config.cells.maxCells),
    SIS_MAX_CELL_CHARS: String(config.cells.maxCellChars),
    SIS_PARSE_TIMEOUT_MS: String(config.parseTimeoutMs),
    SIS_WORKER_CONCURRENCY: String(config.workerConcurrency),
    SIS_DEDUP_THRESHOLD: String(config.dedupThreshold),
    SIS_DUCKDB_MEMORY_LIMIT: config.duckdb.memoryLimit,
    SIS_DUCKDB_LOAD_MEMORY_LIMIT: config.duckdb.loadMemoryLimit,
    SIS_DUCKDB_TEMP_DIR: config.duckdb.tempDirectory,
    SIS_DEDUP_DEBOUNCE_MS: String(config.dedupDebounceMs),
    SIS_JOB_LOCK_MS: String(config.jobLockMs),
    SIS_SNAPSHOT_INTERVAL_MS: String(config.snapshotIntervalMs),
    ...(config.sessionSecret ? { SIS_SESSION_SECRET: config.sessionSecret } : {}),
    SIS_TRUST_PROXY: config.trustProxy ? '1' : '0',
    ...(config.smtpUrl ? { SIS_SMTP_URL: config.smtpUrl } : {}),
    SIS_MAIL_FROM: config.mailFrom,
    SIS_REMIND_DAYS: config.remindDays.join(','),
  };
}

/** What a reader may take in, from configuration. */
export function readLimits(config: Pick<Config, 'maxUploadBytes' | 'maxRows' | 'zip' | 'cells'>): ReadLimits {
  return { maxBytes: config.maxUploadBytes, maxRows: config.maxRows, zip: config.zip, cells: config.cells };
}
