/** What the first bytes of a file say it is, before any parser sees it. */
export type Container = 'empty' | 'zip' | 'cfb' | 'text';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Control characters no spreadsheet text holds (tab, line feed and carriage return are allowed). */
const BINARY_BYTE = (b: number): boolean => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) || b === 0x7f;
const SNIFF_BYTES = 65_536;

/**
 * Sniffs the container from magic numbers. SheetJS reads any bytes as a text sheet, so garbage
 * must be turned away here: text is accepted only when its first 64 KB hold no binary bytes.
 * UTF-16 text (Excel's "Unicode text") is recognised by its byte-order mark.
 */
export function sniffContainer(bytes: Uint8Array): Container | 'binary' {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, ZIP_MAGIC)) return 'zip';
  if (startsWith(bytes, CFB_MAGIC)) return 'cfb';
  if (isUtf16Bom(bytes)) return 'text';
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (BINARY_BYTE(bytes[i]!)) return 'binary';
  return 'text';
}

/** True when the bytes open with a UTF-16 byte-order mark (either byte order). */
export function isUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** True for text that opens with markup: HTML tables or SpreadsheetML saved with an .xls name. */
export function looksLikeMarkup(text: string): boolean {
  return /^\s*</u.test(text.slice(0, 1024));
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
