import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SubmissionReport } from '../pipeline/load/submission-report.ts';
import { GROUPS, type IngestOptions } from './contract.ts';
import { submitUploads, waitForRegistration, waitForReports, type IntakeDeps } from './intake.ts';

export interface SendMeta {
  readonly uploadedBy: string;
  /** The clock of the window check; the arrival time when absent. */
  readonly asOf?: Date;
  readonly options: IngestOptions;
}

export interface SendOptions {
  /** Reads one file (default: the file system's readFile). */
  readonly read?: (file: string) => Promise<Uint8Array>;
  /** Called as reports come back, with how many just did. */
  readonly onReports?: (count: number) => void;
  /** Called once every file is stored and its register job enqueued. */
  readonly onSent?: () => void;
  readonly timeoutMs?: number;
}

/** Files are read this many at a time, ahead of the wave being sent. */
const READERS = 16;
/** A wave closes at this many bytes (or {@link GROUPS.waveFiles} files): memory stays bounded. */
const WAVE_BYTES = 32 * 1024 * 1024;
const WAIT_MS = 15 * 60_000;

interface WaveFile {
  readonly index: number;
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * Sends files in waves (one register job each), reading ahead while sending, then waits for all
 * the reports: the queue sees the whole lot at once. Reports come back in the order of `files`.
 */
export async function sendFiles(
  intake: IntakeDeps,
  files: readonly string[],
  meta: SendMeta,
  options: SendOptions = {},
): Promise<SubmissionReport[]> {
  const timeoutMs = options.timeoutMs ?? WAIT_MS;
  const reports: SubmissionReport[] = new Array(files.length);
  const waiting: Array<Promise<void>> = [];
  for await (const wave of readWaves(files, options.read ?? readFile)) {
    const now = new Date();
    const submitted = await submitUploads(
      intake,
      wave.map((f) => ({
        bytes: f.bytes,
        fileName: path.basename(f.path),
        uploadedBy: meta.uploadedBy,
        uploadedAt: now,
        asOf: meta.asOf ?? now,
        options: meta.options,
      })),
    );
    // Only the positions outlive the wave: its bytes are stored, and holding them until the
    // reports come back kept every file of a big ingest in memory at once.
    const indices = wave.map((f) => f.index);
    const done = waitForRegistration(intake, submitted, timeoutMs)
      .then((registered) => waitForReports(intake, submitted, registered, timeoutMs))
      .then((got) => {
        got.forEach((report, k) => (reports[indices[k]!] = report));
        options.onReports?.(got.length);
      });
    // Awaited below; a failure before then must not count as unhandled.
    done.catch(() => undefined);
    waiting.push(done);
  }
  options.onSent?.();
  await Promise.all(waiting);
  return reports;
}

/** The files in waves, in order, with {@link READERS} reads in flight. */
async function* readWaves(
  files: readonly string[],
  read: (file: string) => Promise<Uint8Array>,
): AsyncGenerator<WaveFile[]> {
  const reads: Array<Promise<Uint8Array>> = [];
  let started = 0;
  let wave: WaveFile[] = [];
  let bytes = 0;
  for (let index = 0; index < files.length; index++) {
    while (started < files.length && reads.length < READERS) {
      const reading = read(files[started++]!);
      reading.catch(() => undefined);
      reads.push(reading);
    }
    const data = await reads.shift()!;
    wave.push({ index, path: files[index]!, bytes: data });
    bytes += data.byteLength;
    if (wave.length >= GROUPS.waveFiles || bytes >= WAVE_BYTES) {
      yield wave;
      wave = [];
      bytes = 0;
    }
  }
  if (wave.length > 0) yield wave;
}
