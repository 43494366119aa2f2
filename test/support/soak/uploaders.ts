import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlannedUpload } from './upload-plan.ts';

/** One file as an uploader sent it, until its 202. */
export interface UploadRecord extends PlannedUpload {
  /** Date.now() when its first attempt began (429s and their waits included in what follows). */
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly tooManyRequests: number;
  readonly submissionId: number;
  /** What the 202 said: `queued` (sent on to parsing) or `unchanged` (these bytes are already held). */
  readonly answer: string;
}

/** An upload that ended in anything but 202 (after its 429s). */
export interface UploadFailure extends PlannedUpload {
  readonly status: number;
  readonly body: string;
}

export interface UploadRun {
  /** In the order the 202s came back. */
  readonly records: readonly UploadRecord[];
  readonly failures: readonly UploadFailure[];
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface UploaderOptions {
  readonly url: string;
  readonly token: string;
  readonly uploaders: number;
  readonly plan: Iterator<PlannedUpload>;
  /** Date.now() after which no new upload starts (those under way finish). */
  readonly stopAt?: number;
}

/**
 * Runs `uploaders` concurrent clients over HTTP, each sending the next planned file with the API
 * token as a script would, and waiting as long as `Retry-After` says after a 429. Two uploads of
 * one institution are never under way at once (one clerk per institution), so the later one is
 * the later upload.
 */
export async function runUploaders(options: UploaderOptions): Promise<UploadRun> {
  const queue = new PlanQueue(options.plan);
  const records: UploadRecord[] = [];
  const failures: UploadFailure[] = [];
  const startedAt = Date.now();
  const client = async () => {
    for (;;) {
      if (options.stopAt !== undefined && Date.now() >= options.stopAt) return;
      const next = await queue.take();
      if (!next) return;
      try {
        const result = await sendOne(options, next);
        if ('submissionId' in result) records.push(result);
        else failures.push(result);
      } finally {
        queue.release(next.key);
      }
    }
  };
  await Promise.all(Array.from({ length: options.uploaders }, client));
  return { records, failures, startedAt, endedAt: Date.now() };
}

async function sendOne(
  options: UploaderOptions,
  upload: PlannedUpload,
): Promise<UploadRecord | UploadFailure> {
  const bytes = await readFile(upload.path);
  const sentAt = Date.now();
  let tooManyRequests = 0;
  for (;;) {
    const form = new FormData();
    form.append('file', new Blob([bytes]), path.basename(upload.path));
    const res = await fetch(`${options.url}/api/uploads`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${options.token}` },
    }).catch((error: unknown) => ({ status: 0, text: async () => (error as Error).message }) as const);
    if (res.status === 429 && 'headers' in res) {
      tooManyRequests += 1;
      await res.arrayBuffer();
      await sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
      continue;
    }
    if (res.status !== 202) return { ...upload, status: res.status, body: (await res.text()).slice(0, 500) };
    const body = (await (res as Response).json()) as { submissionId: number; status: string };
    return {
      ...upload,
      sentAt,
      answeredAt: Date.now(),
      tooManyRequests,
      submissionId: body.submissionId,
      answer: body.status,
    };
  }
}

/** The plan, handed out so that one institution's uploads never overlap. */
class PlanQueue {
  private readonly waiting: PlannedUpload[] = [];
  private readonly busy = new Set<string>();
  private done = false;

  constructor(private readonly plan: Iterator<PlannedUpload>) {}

  async take(): Promise<PlannedUpload | null> {
    for (;;) {
      const ready = this.takeWaiting() ?? this.pull();
      if (ready) {
        this.busy.add(ready.key);
        return ready;
      }
      if (this.done && this.waiting.length === 0) return null;
      await sleep(20);
    }
  }

  release(key: string): void {
    this.busy.delete(key);
  }

  private takeWaiting(): PlannedUpload | undefined {
    const index = this.waiting.findIndex((u) => !this.busy.has(u.key));
    return index < 0 ? undefined : this.waiting.splice(index, 1)[0];
  }

  /** The next planned upload whose institution is free; those that are not wait their turn. */
  private pull(): PlannedUpload | undefined {
    while (!this.done && this.waiting.length < 10_000) {
      const next = this.plan.next();
      if (next.done) this.done = true;
      else if (this.busy.has(next.value.key)) this.waiting.push(next.value);
      else return next.value;
    }
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
