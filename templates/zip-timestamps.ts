const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;

/**
 * Sets the modification time of every entry of a zip (an .xlsx) to `date`. ExcelJS stamps entries
 * with the current time and offers no option, so without this two runs never give the same bytes.
 * Works on the central directory and the local headers it points to; the data is not touched.
 */
export function fixZipTimestamps(zip: Buffer, date: Date): Buffer {
  const out = Buffer.from(zip);
  const { time, day } = toDosDateTime(date);
  const eocd = findEndOfCentralDirectory(out);
  const entries = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i += 1) {
    expectSignature(out, at, CENTRAL_SIGNATURE);
    out.writeUInt16LE(time, at + 12);
    out.writeUInt16LE(day, at + 14);
    const local = out.readUInt32LE(at + 42);
    expectSignature(out, local, LOCAL_SIGNATURE);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(day, local + 12);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}

/** MS-DOS time and date words, from the UTC fields so the result does not depend on the machine's zone. */
function toDosDateTime(date: Date): { time: number; day: number } {
  const time =
    (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return { time, day };
}

function findEndOfCentralDirectory(zip: Buffer): number {
  for (let at = zip.length - EOCD_MIN_SIZE; at >= 0; at -= 1) {
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  throw new Error('written workbook is not a zip: end of central directory not found');
}

function expectSignature(zip: Buffer, at: number, signature: number): void {
  if (zip.readUInt32LE(at) !== signature)
    throw new Error(`written workbook is not a zip: bad header at offset ${at}`);
}
