import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/**
 * The queue contract shared by every process. Payloads carry ids and file names, never roster
 * data: Redis keeps them in clear text.
 *
 * - `parse` queue: CPU-heavy reading of one stored file into staging files. Any machine that
 *   shares Redis and the data folder may run these workers; they hold no database lock.
 * - `load` queue: the loader, the one process that owns the DuckDB file. Job names:
 *   `register` (record an upload, then start its parse → load flow), `load` (parent of a parse
 *   job: write the parsed file into the warehouse), `dedup` (duplicate detection of a round).
 */
export const QUEUE_NAMES = { parse: 'parse', load: 'load' } as const;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/u);
const code = z.string().regex(/^[0-9A-Za-z-]{1,20}$/u);
const roundId = z.string().regex(/^\d{4}-[12]$/u);

export const ingestOptionsSchema = z.object({
  roundId: roundId.optional(),
  subjectCode: code.optional(),
});

export const registerPayloadSchema = z.object({
  sha256,
  fileName: z.string().min(1).max(255),
  fileSize: z.number().int().nonnegative(),
  uploadedBy: z.string().min(1).max(120),
  uploadedAt: z.iso.datetime(),
  asOf: z.iso.datetime(),
  options: ingestOptionsSchema,
});

export const parsePayloadSchema = z.object({
  submissionId: z.number().int().positive(),
  sha256,
  fileName: z.string().min(1).max(255),
  options: ingestOptionsSchema,
});

export const loadPayloadSchema = z.object({ submissionId: z.number().int().positive() });
/** `afterLoads`: a debounced run after loads; it waits while more files are on their way. */
export const dedupPayloadSchema = z.object({ roundId, afterLoads: z.boolean().optional() });

export type IngestOptions = z.infer<typeof ingestOptionsSchema>;
export type RegisterPayload = z.infer<typeof registerPayloadSchema>;
export type ParsePayload = z.infer<typeof parsePayloadSchema>;
export type LoadPayload = z.infer<typeof loadPayloadSchema>;
export type DedupPayload = z.infer<typeof dedupPayloadSchema>;

/** What a register job returns: the submission that will carry the file, or the one that already does. */
export interface RegisterResult {
  readonly submissionId: number;
  readonly status: 'queued' | 'unchanged';
}

/** What a parse job returns (also written, whole, to the staging folder). */
export interface ParseResult {
  readonly submissionId: number;
  readonly status: 'accepted' | 'partial' | 'rejected';
  readonly rows: number;
}

/** What a load job returns; the full report is in the reports folder (`<submissionId>.json`). */
export interface LoadResult {
  readonly submissionId: number;
  readonly status: 'accepted' | 'partial' | 'rejected';
}

/** Deterministic job ids: a retried or re-sent job never runs twice for one submission. */
export const jobIds = {
  parse: (submissionId: number) => `parse-${submissionId}`,
  load: (submissionId: number) => `load-${submissionId}`,
  register: (sha: string, uploadedAt: string) => `register-${sha.slice(0, 32)}-${Date.parse(uploadedAt)}`,
  dedup: (round: string, slot: number) => `dedup-${round}-${slot}`,
};

const KEEP = {
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Infrastructure faults retry with exponential backoff; a user's bad file is a result, never a retry. */
export const JOB_OPTIONS = {
  register: { attempts: 5, backoff: { type: 'exponential', delay: 500 }, ...KEEP },
  parse: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ...KEEP },
  load: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, ...KEEP },
  dedup: { attempts: 2, backoff: { type: 'exponential', delay: 5000 }, ...KEEP },
} as const satisfies Record<string, JobsOptions>;
