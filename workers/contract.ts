import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JobsOptions } from 'bullmq';
import type { FileHandle } from 'node:fs/promises';
import type { RecordMark } from '../pipeline/dedup/record-decisions.ts';
import type { RosterPreview } from '../pipeline/ingest/roster-preview.ts';
import type { SubmissionReport } from '../pipeline/load/submission-report.ts';

/**
 * The queue contract shared by every process. Payloads carry ids and file names, never roster
 * data: Redis keeps them in clear text.
 *
 * - `parse` queue: CPU-heavy reading of a group of stored files into staging files. Any machine that
 *   shares Redis and the data folder may run these workers; they hold no database lock.
 * - `load` queue: the loader, the one process that owns the DuckDB file. Job names:
 *   `register` (record a wave of uploads, then start a parse → load flow per group of files),
 *   `load` (parent of a parse job: write the group's parsed files into the warehouse), `dedup` (duplicate detection of a round),
 *   `dedup-decide` and `dedup-not-same` (answers about flagged records), `dedup-conflicts` (list the
 *   clusters escalated to provinces), `record-mark` (an outcome code on any counted record),
 *   `signoff` (certify, mark sent, re-open, and the provinces' status with stale detection).
 */
export const QUEUE_NAMES = { parse: 'parse', load: 'load' } as const;

/**
 * The `annotate` queue: building each finished file's annotated workbook (its cells marked with
 * every issue, the loader's included) in a sandboxed child, once, when it is first asked for. The
 * parse workers serve it; it is a queue of its own so that it never delays the counting (the
 * parse and load queues, and duplicate detection waiting for them).
 */
export const ANNOTATE_QUEUE = 'annotate';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/u);
const code = z.string().regex(/^[0-9A-Za-z-]{1,20}$/u);
const roundId = z.string().regex(/^\d{4}-[12]$/u);

export const ingestOptionsSchema = z.object({
  roundId: roundId.optional(),
  subjectCode: code.optional(),
});

/**
 * The options of an upload as canonical text (`round=2562-2;subject=3042000001`, empty when
 * none). With the bytes' hash they make the upload's identity: the same bytes sent with another
 * round or institution are a correction, not a repeat.
 */
export function optionsKey(options: IngestOptions): string {
  const parts: string[] = [];
  if (options.roundId !== undefined) parts.push(`round=${options.roundId}`);
  if (options.subjectCode !== undefined) parts.push(`subject=${options.subjectCode}`);
  return parts.join(';');
}

/** The options back from {@link optionsKey}'s text. */
export function parseOptionsKey(key: string): IngestOptions {
  const options: { roundId?: string; subjectCode?: string } = {};
  for (const part of key.split(';')) {
    const [name, value] = part.split('=');
    if (name === 'round' && value) options.roundId = value;
    if (name === 'subject' && value) options.subjectCode = value;
  }
  return ingestOptionsSchema.parse(options);
}

/** An upload's identity: its hash alone when sent without options, else the hash folded with them. */
export function uploadIdentity(sha256: string, options: IngestOptions): string {
  const key = optionsKey(options);
  return key === '' ? sha256 : createHash('sha256').update(`${sha256}|${key}`).digest('hex');
}

/**
 * An upload's identity with the province it was sent for: the same bytes sent for two provinces
 * are two uploads, each checked against its own province.
 */
export function scopedUploadIdentity(sha256: string, options: IngestOptions, province?: string): string {
  const identity = uploadIdentity(sha256, options);
  return province ? createHash('sha256').update(`${identity}|province=${province}`).digest('hex') : identity;
}

/**
 * Files travel in groups: a wave of uploads is registered by one job, and its files are parsed
 * (and then loaded) a group at a time. A job costs Redis round trips and events whatever its size;
 * 55-row rosters one per job spent more on the queue than on their rows.
 */
export const GROUPS = {
  /** Uploads one register job may carry (`sis ingest` sends waves of up to this many). */
  waveFiles: 64,
  /** Files one parse (and load) job may carry, and at most about this many bytes (a big file goes alone). */
  parseFiles: 16,
  parseBytes: 2 * 1024 * 1024,
} as const;

const submissionId = z.number().int().positive();
const group = z.string().regex(/^\d{1,15}x\d{1,3}-[0-9a-f]{12}$/u);

/**
 * A group of files is named by its members: its first submission, its size and a hash of all
 * its ids. The same members always give the same name (a retried registration adds no second
 * flow); other members never do (a restarted file regrouped with new ones gets a flow of its own).
 */
export function groupKey(submissionIds: readonly number[]): string {
  const hash = createHash('sha256').update(submissionIds.join(',')).digest('hex').slice(0, 12);
  return `${submissionIds[0]}x${submissionIds.length}-${hash}`;
}

export const uploadSchema = z.object({
  sha256,
  fileName: z.string().min(1).max(255),
  fileSize: z.number().int().nonnegative(),
  uploadedBy: z.string().min(1).max(120),
  uploadedAt: z.iso.datetime(),
  asOf: z.iso.datetime(),
  options: ingestOptionsSchema,
  /** The province of a provincial office's account: its files must be of that province. */
  uploaderProvince: z
    .string()
    .regex(/^\d{2}$/u)
    .optional(),
});

export const registerPayloadSchema = z.object({
  uploads: z.array(uploadSchema).min(1).max(GROUPS.waveFiles),
});

export const parseFileSchema = z.object({
  submissionId,
  sha256,
  fileName: z.string().min(1).max(255),
  options: ingestOptionsSchema,
});

export const parsePayloadSchema = z.object({
  group,
  files: z.array(parseFileSchema).min(1).max(GROUPS.parseFiles),
});

export const loadPayloadSchema = z.object({
  group,
  submissionIds: z.array(submissionId).min(1).max(GROUPS.parseFiles),
});
/** Annotate one finished submission (its report in `submission-<id>.json`, written by whoever asked). */
export const annotatePayloadSchema = z.object({ submissionId });

/** `afterLoads`: a debounced run after loads; it waits while more files are on their way. */
export const dedupPayloadSchema = z.object({ roundId, afterLoads: z.boolean().optional() });

export type IngestOptions = z.infer<typeof ingestOptionsSchema>;
export type UploadPayload = z.infer<typeof uploadSchema>;
export type RegisterPayload = z.infer<typeof registerPayloadSchema>;
export type ParseFile = z.infer<typeof parseFileSchema>;
export type ParsePayload = z.infer<typeof parsePayloadSchema>;
export type LoadPayload = z.infer<typeof loadPayloadSchema>;
export type DedupPayload = z.infer<typeof dedupPayloadSchema>;
export type AnnotatePayload = z.infer<typeof annotatePayloadSchema>;

/** What an annotate job returns: the submissions whose workbook it stored (others had one already). */
export interface AnnotateResult {
  readonly stored: readonly number[];
}

/**
 * One upload once recorded: its submission, and the group of files it travels with (whose load
 * job to wait for while `queued`, and whose report file holds its report).
 */
export interface Registered {
  readonly submissionId: number;
  readonly status: 'queued' | 'unchanged';
  readonly group: string | null;
}

/** What a register job returns: one entry per upload, in order. */
export interface RegisterResult {
  readonly files: readonly Registered[];
}

/** What a parse job returns, per file it staged (each also written, whole, to the staging folder). */
export interface ParseResult {
  readonly files: ReadonlyArray<{
    readonly submissionId: number;
    readonly status: 'accepted' | 'partial' | 'rejected';
    readonly rows: number;
  }>;
}

/** One file's outcome; the full reports are in the reports folder (`group-<group>.json`). */
export interface LoadedFile {
  readonly submissionId: number;
  readonly status: 'accepted' | 'partial' | 'rejected';
}

/** What a load job returns: one entry per submission of its group. */
export interface LoadResult {
  readonly files: readonly LoadedFile[];
}

/**
 * An upload's bytes already on disk, streamed there as they arrived (HTTP), with the hash and size
 * counted on the way; intake moves the file into the content-addressed store.
 */
export interface UploadFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/**
 * Where an upload's bytes are: in memory (the CLI), in a file on disk (an HTTP upload), or already
 * in the store under their hash (a held upload, confirmed).
 */
export type UploadContent =
  { readonly bytes: Uint8Array } | { readonly file: UploadFile } | { readonly stored: string };

/** One upload as intake takes it (HTTP, CLI): the bytes, who sent them, when, and how to read them. */
export type Upload = UploadContent & UploadMeta;

export interface UploadMeta {
  readonly fileName: string;
  readonly uploadedBy: string;
  /** When the upload arrived. */
  readonly uploadedAt: Date;
  /** The clock the window check uses: the arrival time, or a back-filled instant. */
  readonly asOf: Date;
  readonly options: IngestOptions;
  /** Set when a provincial office's account sends it: the file must be of that province. */
  readonly uploaderProvince?: string;
}

/**
 * Where an asked-for annotated workbook stands: being built by a child (ask again shortly), or
 * its build failed for good (a fault, logged by the worker).
 */
export type AnnotationState = 'pending' | 'failed';

/** An upload once the loader has recorded it. */
export interface AcceptedUpload {
  readonly submissionId: number;
  readonly status: Registered['status'];
  readonly sha256: string;
}

/**
 * The port through which the web app hands work to the queue side, so it depends on this
 * contract only; `bin/` implements it from `workers/intake.ts` and passes it in.
 */
export interface IntakePort {
  /** Stores the upload's bytes and waits (at most `timeoutMs`) until the loader has recorded it. */
  acceptUpload(upload: Upload, timeoutMs: number): Promise<AcceptedUpload>;
  /** The stored annotated workbook of a submission, opened for reading; undefined when not built (yet). */
  openAnnotated(submissionId: number): Promise<FileHandle | undefined>;
  /**
   * Asks for the annotated workbook of a finished submission that has none: its job when that is
   * on its way, else a new one, built by a child from the report `readReport` gives (read only
   * then). Never builds in the calling process.
   */
  requestAnnotation(
    submissionId: number,
    readReport: () => Promise<SubmissionReport>,
  ): Promise<AnnotationState>;
  /** Asks the loader to run duplicate detection of a round now; does not wait for it. */
  requestDedup(roundId: string): Promise<void>;
  /**
   * Marks a counted record with an outcome code (`record-mark` job) and waits for the kept mark;
   * a mark the loader refuses is an `input/bad-argument` error carrying its reason.
   */
  markRecord(input: unknown): Promise<RecordMark>;
  /**
   * Reads a file for a replacement preview in a child process of its own (bounded memory, never
   * the process that owns the warehouse): a file just received or one held in the store. Reads at
   * most `maxRows` rows; undefined when the child could not read it (the parse worker will report).
   */
  previewRoster(
    source: UploadFile | { readonly stored: string },
    fileName: string,
    options: IngestOptions,
    maxRows: number,
  ): Promise<RosterPreview | undefined>;
  /** Stores bytes content-addressed without sending them on (an upload held for a confirm); returns the hash. */
  holdUpload(content: Uint8Array | UploadFile): Promise<string>;
  /** Where a group of files stands in the queues now (the group of a queued submission). */
  groupStage(group: string): Promise<GroupStage>;
  /** Queue depths and the jobs finished in the last `minutes`. */
  queueStats(minutes: number): Promise<QueueStats>;
  /** The newest failed jobs of both queues, at most `limit`. */
  failedJobs(limit: number): Promise<readonly FailedJob[]>;
  /** Sends a failed job back to its queue; false when no such failed job exists. */
  retryJob(queue: QueueName, jobId: string): Promise<boolean>;
  /**
   * An institution's answer for a flagged record (`dedup-decide` job, as `sis dedup decide`
   * sends it), waited for; a refused answer is an `input/bad-argument` error carrying its reason.
   */
  decideDuplicate(input: unknown): Promise<{ readonly decisionId: number }>;
  /**
   * A change of a round's window or its late-upload exceptions (`window` job, as `sis window`
   * sends it), applied and audited by the loader, waited for; a listing returns the window.
   */
  changeWindow(input: unknown): Promise<unknown>;
  /**
   * A province's sign-off (`signoff` job: certify, sent, reopen, status) and waits for its result;
   * a change the loader refuses is an `input/bad-argument` error carrying its reason.
   */
  signoff(input: unknown): Promise<unknown>;
}

export type QueueName = keyof typeof QUEUE_NAMES;

/**
 * A file's way through the queues as a clerk sees it: waiting (`queued`), being read (`parsing`),
 * being written to the warehouse (`loading`); `done` is read from the warehouse, not the queue.
 * `progress` is the parse job's own report (`{ stage: 'read' | 'stage', rows? }`, big files only).
 */
export interface GroupStage {
  readonly stage: 'queued' | 'parsing' | 'loading';
  readonly progress: unknown;
}

export interface QueueDepth {
  readonly queue: QueueName;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly waitingChildren: number;
}

export interface QueueStats {
  readonly queues: readonly QueueDepth[];
  readonly minutes: number;
  /** Jobs of both queues finished (completed or failed) in the last `minutes`, counted up to 5,000. */
  readonly finished: number;
}

export interface FailedJob {
  readonly queue: QueueName;
  readonly id: string;
  readonly name: string;
  readonly reason: string;
  readonly attempts: number;
  readonly failedAt: string | null;
}

/** A short key of a wave's file hashes (the first file's, folded with the others'). */
function waveKey(hashes: readonly string[]): string {
  if (hashes.length === 1) return hashes[0]!.slice(0, 32);
  return createHash('sha256').update(hashes.join(',')).digest('hex').slice(0, 32);
}

/** Deterministic job ids: a retried or re-sent job never runs twice for one submission. */
export const jobIds = {
  parse: (group: string) => `parse-${group}`,
  load: (group: string) => `load-${group}`,
  /** A wave is named by its uploads' identities ({@link uploadIdentity}) and its arrival instant. */
  register: (identities: readonly string[], uploadedAt: string) =>
    `register-${waveKey(identities)}-${identities.length}-${Date.parse(uploadedAt)}`,
  dedup: (round: string, slot: number) => `dedup-${round}-${slot}`,
  annotate: (submissionId: number) => `annotate-submission-${submissionId}`,
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
  annotate: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ...KEEP },
} as const satisfies Record<string, JobsOptions>;
