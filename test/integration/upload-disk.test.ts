import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepIncoming } from '../../pipeline/storage/sweep-incoming.ts';
import { collectGarbage } from '../support/collect-garbage.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

const MB = 1024 * 1024;
const BOUNDARY = 'sis-test-boundary-7f3a';
const HEAD = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n',
);
const TAIL = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** A multipart POST written by hand, so the test decides how much of the body is ever sent. */
function openUpload(server: TestServer, fileSize: number) {
  const url = new URL(`${server.url}/api/uploads`);
  const req = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.adminToken}`,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': String(HEAD.byteLength + fileSize + TAIL.byteLength),
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
  });
  return { req, answer };
}

async function filesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
}

/** Waits (at most 20 s) until the probe holds; the wait is for the server's cleanup, not a timing claim. */
async function until(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met within 20 s');
}

async function submissionCount(server: TestServer): Promise<number> {
  const row = await server.loader.db
    .selectFrom('submissions')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('uploads streamed to disk', () => {
  let server: TestServer;
  let scratch: string;

  beforeAll(async () => {
    server = await startTestServer({ SIS_MAX_UPLOAD_MB: '25' });
    scratch = await mkdtemp(path.join(os.tmpdir(), 'sis-upload-'));
  });
  afterAll(async () => {
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('when a client goes away mid-upload then its partial file is removed and nothing is recorded', async () => {
    const before = await submissionCount(server);
    const { req, answer } = openUpload(server, 10 * MB);
    answer.catch(() => undefined);
    req.write(HEAD);
    req.write(Buffer.alloc(2 * MB, 7));
    // The part file exists while the body arrives: the upload is on disk, not in memory.
    await until(async () => (await filesIn(server.paths.incoming)).some((f) => f.endsWith('.part')));
    req.destroy();
    await until(async () => (await filesIn(server.paths.incoming)).length === 0);
    expect(await filesIn(server.paths.uploads)).toEqual([]);
    expect(await submissionCount(server)).toBe(before);
  });

  it('when a file is over the limit then the answer is 413 and no temporary or stored file is left', async () => {
    const before = await submissionCount(server);
    const size = 26 * MB;
    const { req, answer } = openUpload(server, size);
    req.on('error', () => undefined);
    req.write(HEAD);
    const chunk = Buffer.alloc(MB, 1);
    for (let sent = 0; sent < size; sent += MB) {
      // The server may answer and stop reading before the body ends.
      if (!req.write(chunk))
        await new Promise((resolve) => req.once('drain', resolve).once('close', resolve));
      if (req.destroyed) break;
    }
    req.end(TAIL);
    const { status, body } = await answer;
    expect(status).toBe(413);
    expect(body).toContain('ไฟล์มีขนาดใหญ่เกินกำหนด');
    await until(async () => (await filesIn(server.paths.incoming)).length === 0);
    expect(await filesIn(server.paths.uploads)).toEqual([]);
    expect(await submissionCount(server)).toBe(before);
  });

  it('when a 20 MB file is uploaded then the server holds far less than its size in memory, and its stored hash is right', async () => {
    const size = 20 * MB;
    const bytes = randomBytes(size);
    const expectedHash = createHash('sha256').update(bytes).digest('hex');
    const file = path.join(scratch, 'big.xlsx');
    await writeFile(file, bytes);
    const baseline = retainedMemory();
    const { req, answer } = openUpload(server, size);
    req.write(HEAD);
    const source = createReadStream(file);
    source.pipe(req, { end: false });
    await new Promise<void>((resolve) => source.once('end', () => resolve()));
    // Every byte of the file has arrived, the body is not finished: what the server keeps now is
    // what an upload costs it while it is received (the server runs in this process).
    await until(async () => (await partSizes(server)).includes(size));
    const held = retainedMemory() - baseline;
    req.end(TAIL);
    const { status, body } = await answer;
    expect(status).toBe(202);
    expect((JSON.parse(body) as { sha256: string }).sha256).toBe(expectedHash);
    // Held whole, the file would be all of it (20 MB); the margin leaves room for what else this
    // process (its loader, the test's own buffers) allocates meanwhile on a busy run.
    expect(held).toBeLessThan(size / 2);
    const stored = path.join(server.paths.uploads, expectedHash.slice(0, 2), expectedHash);
    expect((await stat(stored)).size).toBe(size);
    expect(await filesIn(server.paths.incoming)).toEqual([]);
  });
});

/** Heap and Buffers (an upload held in memory is a Buffer) still reachable after a full collection. */
function retainedMemory(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function partSizes(server: TestServer): Promise<number[]> {
  const files = (await filesIn(server.paths.incoming)).filter((f) => f.endsWith('.part'));
  return Promise.all(files.map(async (f) => (await stat(path.join(server.paths.incoming, f))).size));
}

describe('sweepIncoming', () => {
  it('when the web app starts then temporary files left by a stop are removed, and young ones (another process’s upload) stay', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sis-incoming-'));
    try {
      const now = new Date('2026-01-01T12:00:00Z');
      const stale = path.join(dir, 'a.part');
      const young = path.join(dir, 'b.part');
      const other = path.join(dir, 'note.txt');
      for (const file of [stale, young, other]) await writeFile(file, 'x');
      const twoHoursAgo = new Date(now.getTime() - 2 * 3600_000);
      for (const file of [stale, other]) await utimes(file, twoHoursAgo, twoHoursAgo);
      await utimes(young, now, now);
      expect(await sweepIncoming(dir, now, 3600_000)).toBe(1);
      expect((await readdir(dir)).sort()).toEqual(['b.part', 'note.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
