const THAI_ZERO = 0x0e50;

/** Replaces Thai digits ๐–๙ (U+0E50–U+0E59) with ASCII 0–9; other characters stay. */
export function foldThaiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code >= THAI_ZERO && code <= THAI_ZERO + 9 ? String.fromCharCode(48 + code - THAI_ZERO) : ch;
  }
  return out;
}

/** True when the text has a Thai digit, so a caller can warn that it was folded. */
export function hasThaiDigits(text: string): boolean {
  return /[\u0E50-\u0E59]/u.test(text);
}
