import type { RequestHandler } from 'express';
import { HttpError } from '../http-error.ts';

/** How long a refused uploader is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Bounds the uploads received at once by this process (each holds a file handle, a temporary file
 * and a few chunks in memory while it arrives). One more is answered 429 with `Retry-After`
 * before a byte of its body is read; a slot is freed when its answer is sent or its connection
 * closes, whichever comes first.
 */
export function uploadGate(max: number): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= max) {
      res.set('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new HttpError(
        429,
        `ขณะนี้มีการส่งไฟล์พร้อมกันจำนวนมาก กรุณาลองใหม่ในอีก ${RETRY_AFTER_SECONDS} วินาที (too many uploads at once)`,
      );
    }
    inFlight += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight -= 1;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
