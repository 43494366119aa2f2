/**
 * A minimal OLE2 compound file (version 3, 512-byte sectors) built by hand, for test files that
 * must not come from the library the reader uses. Every stream is padded to at least 4096 bytes
 * (the mini-stream cutoff) so that all of them live in ordinary sectors and no mini stream is
 * needed; at most 127 sectors, so one FAT sector suffices.
 */
const SECTOR = 512;
const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;
const MINI_CUTOFF = 4096;

export function ole2Container(
  streams: ReadonlyArray<readonly [name: string, content: Uint8Array]>,
): Uint8Array {
  if (streams.length > 3) throw new Error('this writer keeps the directory in one sector: at most 3 streams');
  const padded = streams.map(([name, content]) => {
    const size = Math.max(MINI_CUTOFF, Math.ceil(content.length / SECTOR) * SECTOR);
    const data = Buffer.alloc(size);
    data.set(content);
    return { name, data };
  });
  // Sector 0: the FAT; sector 1: the directory; then each stream's sectors in turn.
  const fat = Buffer.alloc(SECTOR, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  fat.writeUInt32LE(ENDOFCHAIN, 4);
  let next = 2;
  const starts = padded.map(({ data }) => {
    const start = next;
    const count = data.length / SECTOR;
    for (let i = 0; i < count; i++)
      fat.writeUInt32LE(i === count - 1 ? ENDOFCHAIN : start + i + 1, (start + i) * 4);
    next += count;
    return start;
  });
  if (next > SECTOR / 4) throw new Error('streams too large for one FAT sector');

  const directory = Buffer.alloc(SECTOR);
  // Root, then the streams chained as right siblings (names ordered by length, then by text).
  const order = padded
    .map((s, i) => ({ ...s, start: starts[i]! }))
    .sort((a, b) => a.name.length - b.name.length || (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : 1));
  writeEntry(directory, 0, 'Root Entry', 5, order.length > 0 ? 1 : NOSTREAM, NOSTREAM, ENDOFCHAIN, 0);
  order.forEach((s, i) =>
    writeEntry(
      directory,
      i + 1,
      s.name,
      2,
      NOSTREAM,
      i + 2 <= order.length ? i + 2 : NOSTREAM,
      s.start,
      s.data.length,
    ),
  );
  for (let i = order.length + 1; i < SECTOR / 128; i++) {
    directory.writeUInt32LE(NOSTREAM, i * 128 + 68);
    directory.writeUInt32LE(NOSTREAM, i * 128 + 72);
    directory.writeUInt32LE(NOSTREAM, i * 128 + 76);
  }

  const header = Buffer.alloc(SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(3, 26); // major version 3: 512-byte sectors
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // sector shift: 2^9
  header.writeUInt16LE(6, 32); // mini sector shift: 2^6
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(MINI_CUTOFF, 56);
  header.writeUInt32LE(ENDOFCHAIN, 60); // no mini FAT
  header.writeUInt32LE(ENDOFCHAIN, 68); // no DIFAT sectors
  header.writeUInt32LE(0, 76); // DIFAT[0]: the FAT is sector 0
  for (let i = 1; i < 109; i++) header.writeUInt32LE(FREESECT, 76 + i * 4);

  return new Uint8Array(Buffer.concat([header, fat, directory, ...order.map((s) => s.data)]));
}

function writeEntry(
  dir: Buffer,
  index: number,
  name: string,
  type: 2 | 5,
  child: number,
  right: number,
  start: number,
  size: number,
): void {
  const at = index * 128;
  if (name.length > 31) throw new Error(`entry name too long: ${name}`);
  dir.write(name, at, 'utf16le');
  dir.writeUInt16LE((name.length + 1) * 2, at + 64);
  dir.writeUInt8(type, at + 66);
  dir.writeUInt8(1, at + 67); // black
  dir.writeUInt32LE(NOSTREAM, at + 68); // left sibling
  dir.writeUInt32LE(right, at + 72);
  dir.writeUInt32LE(child, at + 76);
  dir.writeUInt32LE(start, at + 116);
  dir.writeUInt32LE(size, at + 120);
}
