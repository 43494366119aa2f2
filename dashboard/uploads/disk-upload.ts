import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler } from 'express';
import type multer from 'multer';
import type { UploadFile } from '../../workers/contract.ts';

/** What the storage engine adds to `req.file`: the temporary file and its hash and size. */
export interface StreamedFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/** The temporary files of each request, removed when its answer is done whatever happened. */
const tempFiles = new WeakMap<Request, Set<string>>();

/**
 * A multer storage engine that streams the file to a temporary file under `dir`, counting its
 * SHA-256 and size on the way, so an upload holds a few chunks in memory whatever its size. A
 * file cut off (the client gone, over the size limit, a write failing) is removed at once.
 */
export function diskUploadStorage(dir: string): multer.StorageEngine {
  return {
    _handleFile(req, file, callback) {
      streamToDisk(req, file.stream, dir).then(
        (stored) => callback(null, stored),
        (error: unknown) => callback(error),
      );
    },
    _removeFile(_req, file, callback) {
      rm(file.path, { force: true }).then(
        () => callback(null),
        (error: unknown) => callback(error as Error),
      );
    },
  };
}

/**
 * Removes what the request's upload left in the temporary folder once the answer is sent or the
 * connection closes: a file intake moved into the store is gone already; anything else goes.
 */
export function removeTempFilesAfter(): RequestHandler {
  return (req, res, next) => {
    res.once('close', () => {
      const files = tempFiles.get(req);
      // A part that cannot be removed now (never a reason to fail the answer) is swept at the next start.
      for (const file of files ?? []) rm(file, { force: true }).catch(() => undefined);
    });
    next();
  };
}

/** The file of a request as intake takes it. */
export function uploadFileOf(file: Express.Multer.File): UploadFile {
  const streamed = file as Express.Multer.File & Partial<StreamedFile>;
  if (!streamed.sha256 || streamed.size === undefined) throw new Error('upload was not streamed to disk');
  return { path: streamed.path, sha256: streamed.sha256, size: streamed.size };
}

async function streamToDisk(req: Request, input: NodeJS.ReadableStream, dir: string): Promise<StreamedFile> {
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, `${randomBytes(16).toString('hex')}.part`);
  remember(req, target);
  const hash = new HashCounter();
  const output = createWriteStream(target, { flags: 'wx' });
  // A client that goes away mid-body may leave the part stream open: end the write, drop the file.
  const onClose = () => {
    if (!req.complete) output.destroy(new Error('upload cut off'));
  };
  req.once('close', onClose);
  try {
    await pipeline(input, hash, output);
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  } finally {
    req.off('close', onClose);
  }
  return { path: target, size: hash.size, sha256: hash.digest() };
}

function remember(req: Request, file: string): void {
  const files = tempFiles.get(req) ?? new Set<string>();
  files.add(file);
  tempFiles.set(req, files);
}

/** Passes bytes through unchanged while counting their SHA-256 and length. */
class HashCounter extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.byteLength;
    this.hash.update(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
