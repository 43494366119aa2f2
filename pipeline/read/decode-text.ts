/** The encodings a Thai clerk's text file arrives in. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-874';

/** Decoded text and the encoding it was found in. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
}

/**
 * Decodes text bytes: a UTF-16 byte-order mark wins; else UTF-8 (with or without BOM) when the
 * bytes are valid UTF-8; else Windows-874 (TIS-620 plus the Windows extras), the encoding Thai
 * Excel saves "CSV" in. Thai text in Windows-874 is never valid UTF-8, so the order is safe.
 * A byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeAs(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeAs(bytes, 'utf-16be');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return decodeAs(bytes, 'windows-874');
  }
}

function decodeAs(bytes: Uint8Array, encoding: TextEncoding): DecodedText {
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}
