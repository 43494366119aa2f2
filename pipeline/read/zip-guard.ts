import { Inflate } from 'pako';

/** Bounds on a zip container (.xlsx), checked before a spreadsheet reader inflates it. */
export interface ZipLimits {
  /** Most bytes all entries may inflate to together. */
  readonly maxInflatedBytes: number;
  /** Most entries (an .xlsx has a few dozen). */
  readonly maxEntries: number;
  /** Largest inflated ÷ compressed ratio of an entry bigger than {@link RATIO_FLOOR_BYTES} inflated. */
  readonly maxRatio: number;
}

/** The defaults of `SIS_MAX_INFLATED_MB`, `SIS_MAX_ZIP_ENTRIES` and `SIS_MAX_ZIP_RATIO`. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxInflatedBytes: 128 * 1024 * 1024,
  maxEntries: 1000,
  maxRatio: 500,
};

/** Small entries (a few KB of repeated XML) compress far better than any bomb; the ratio is not checked below this. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/** Which limit a container broke, with the figure that broke it (reported to the clerk). */
export type ZipVerdict =
  | { readonly ok: true; readonly inflatedBytes: number }
  | { readonly ok: false; readonly limit: keyof ZipLimits | 'zip64'; readonly value: number }
  | { readonly ok: false; readonly limit: 'corrupt'; readonly value: 0 };

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressed: number;
  readonly declared: number;
  readonly localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_MARK = 0xffffffff;
/**
 * Deflate gives at most 258 bytes for 2 bits (1,032 per byte): an entry that declares more than
 * that of its compressed size, with one byte to spare for the stream's first and last bits, cannot
 * be true, and is refused before any output buffer is reserved.
 */
const DEFLATE_MOST_PER_BYTE = 1032;

/**
 * Sees the entries' names and declared sizes once they are within the limits, then each entry's
 * inflated bytes once they are known to match their header (e.g. to count cells).
 */
export interface EntryVisitor {
  begin(entries: readonly { readonly name: string; readonly declared: number }[]): void;
  visit(name: string, inflated: Uint8Array): void;
}

/**
 * Reads a zip's central directory and checks its declared entry count, sizes and ratios against
 * the limits, then inflates each entry with its declared size as a hard cap (inflating stops there),
 * so that a header that lies about a size cannot make the reader inflate more. Nothing is kept:
 * this only decides whether the file may be read at all. An .xlsx never needs ZIP64; one that
 * uses it is refused as over the size limit. `visitor`, when given, sees every inflated entry.
 */
export function checkZip(bytes: Uint8Array, limits: ZipLimits, visitor?: EntryVisitor): ZipVerdict {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readCentralDirectory(view, limits.maxEntries);
  if (entries === 'corrupt') return { ok: false, limit: 'corrupt', value: 0 };
  if (typeof entries === 'number') return { ok: false, limit: 'maxEntries', value: entries };
  let declaredTotal = 0;
  for (const entry of entries) {
    if (entry.declared === ZIP64_MARK || entry.compressed === ZIP64_MARK)
      return { ok: false, limit: 'zip64', value: ZIP64_MARK };
    declaredTotal += entry.declared;
    const ratio = entry.declared / Math.max(1, entry.compressed);
    if (entry.declared > RATIO_FLOOR_BYTES && ratio > limits.maxRatio)
      return { ok: false, limit: 'maxRatio', value: Math.round(ratio) };
  }
  if (declaredTotal > limits.maxInflatedBytes)
    return { ok: false, limit: 'maxInflatedBytes', value: declaredTotal };
  visitor?.begin(entries);
  for (const entry of entries) {
    const inflated = inflateWithin(view, entry);
    if (inflated === null) return { ok: false, limit: 'corrupt', value: 0 };
    if (inflated !== 'unknown-method') visitor?.visit(entry.name, inflated);
  }
  return { ok: true, inflatedBytes: declaredTotal };
}

/** The entries, their count when over the limit, or `corrupt` when the directory cannot be read. */
function readCentralDirectory(view: DataView, maxEntries: number): Entry[] | number | 'corrupt' {
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return 'corrupt';
  const count = view.getUint16(eocd + 10, true);
  if (count > maxEntries) return count;
  let at = view.getUint32(eocd + 16, true);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_SIGNATURE) return 'corrupt';
    const nameLength = view.getUint16(at + 28, true);
    if (at + 46 + nameLength > view.byteLength) return 'corrupt';
    entries.push({
      name: new TextDecoder().decode(new Uint8Array(view.buffer, view.byteOffset + at + 46, nameLength)),
      method: view.getUint16(at + 10, true),
      compressed: view.getUint32(at + 20, true),
      declared: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** The end-of-central-directory record sits in the last 22 + 65,535 bytes (its comment may follow it). */
function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= lowest; at--)
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  return -1;
}

/**
 * Inflates one entry with its declared size as the cap: its bytes when they fit and match the
 * header, null when not, `unknown-method` for a compression the reader will refuse anyway.
 */
function inflateWithin(view: DataView, entry: Entry): Uint8Array | null | 'unknown-method' {
  const at = entry.localOffset;
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL_SIGNATURE) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressed;
  if (end > view.byteLength) return null;
  const data = new Uint8Array(view.buffer, view.byteOffset + start, entry.compressed);
  if (entry.method === 0) return entry.compressed === entry.declared ? data : null;
  if (entry.method !== 8) return 'unknown-method';
  if (entry.declared > DEFLATE_MOST_PER_BYTE * (entry.compressed + 1)) return null;
  // One byte over the declared size is enough to know it lied; inflating stops there.
  const inflated = inflateAtMost(data, entry.declared + 1);
  return inflated?.byteLength === entry.declared ? inflated : null;
}

/** Thrown from inside pako when an entry inflates past its cap; nothing else is caught. */
class OverCap extends Error {}

/**
 * Raw deflate data inflated to at most `cap` bytes: null when it would give more, or is cut
 * short or broken. The one output buffer of `cap` bytes is reserved before inflating; the caller
 * bounds `cap` by the compressed size and by `SIS_MAX_INFLATED_MB`. pako, not node:zlib, on
 * purpose: a parse runs under V8's watchdog (`vm`'s timeout), and a watchdog that stops it while
 * node:zlib sets up its native stream leaves a stream that aborts the whole process when it is
 * garbage-collected (Node's assertion "close before init";
 * `test/integration/stopped-parse.test.ts`). pako is JavaScript through and through, so a stop
 * anywhere in it leaves only garbage.
 */
function inflateAtMost(data: Uint8Array, cap: number): Uint8Array | null {
  // A true entry never fills the buffer, so a full one is over the cap.
  const inflater = new Inflate({ raw: true, chunkSize: cap });
  let out: Uint8Array | null = null;
  let status: number | null = null; // pako's status at the stream's end: 0 when whole and sound
  inflater.onData = (chunk) => {
    if (out !== null || chunk.byteLength >= cap) throw new OverCap();
    out = chunk as Uint8Array;
  };
  inflater.onEnd = (ended) => (status = ended);
  try {
    inflater.push(data, true); // broken or cut-short data ends with a non-zero status, not a throw
  } catch (error) {
    if (error instanceof OverCap) return null;
    throw error;
  }
  return status === 0 ? (out ?? new Uint8Array(0)) : null;
}
