import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-made zip: its bytes, or a compressed stream made elsewhere, and what its header claims. */
export interface ZipEntrySpec {
  readonly name: string;
  /** Stored deflated unless `stored`. */
  readonly data?: Uint8Array;
  /** Already deflated bytes (with `size` the true inflated size), for entries too big to hold. */
  readonly deflated?: { readonly bytes: Uint8Array; readonly size: number; readonly crc: number };
  /** The uncompressed size the headers claim (default: the true one). */
  readonly declaredSize?: number;
  readonly stored?: boolean;
}

/**
 * Writes a zip container byte by byte (local headers, central directory, end record), so tests
 * can make the broken and hostile containers no library would write: lying sizes, bombs,
 * thousands of entries.
 */
export function zipBytes(entries: readonly ZipEntrySpec[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { body, size, crc, method } = bodyOf(entry);
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.byteLength, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.byteLength, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.byteLength, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(body));
    centrals.push(central, name);
    offset += 30 + name.byteLength + body.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

function bodyOf(entry: ZipEntrySpec) {
  if (entry.deflated)
    return { body: entry.deflated.bytes, size: entry.deflated.size, crc: entry.deflated.crc, method: 8 };
  const data = entry.data ?? new Uint8Array();
  const crc = crc32(data);
  if (entry.stored) return { body: data, size: data.byteLength, crc, method: 0 };
  return { body: deflateRawSync(data), size: data.byteLength, crc, method: 8 };
}

/** `size` zero bytes deflated as a stream (never held whole): the core of a zip bomb. */
export async function deflatedZeros(size: number): Promise<{ bytes: Uint8Array; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const block = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let left = size; left > 0; left -= block.byteLength) {
    const piece = left >= block.byteLength ? block : block.subarray(0, left);
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { bytes: new Uint8Array(Buffer.concat(chunks)), size, crc };
}
