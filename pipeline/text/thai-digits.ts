const THAI_ZERO = 0x0e50;

const THAI_DIGIT = /[\u0E50-\u0E59]/gu;

/** Replaces Thai digits ๐–๙ (U+0E50–U+0E59) with ASCII 0–9; other characters stay. */
export function foldThaiDigits(text: string): string {
  // Most cells hold no Thai digit: test first so they cost one scan and no new string.
  if (!hasThaiDigits(text)) return text;
  return text.replace(THAI_DIGIT, (ch) => String.fromCharCode(48 + ch.charCodeAt(0) - THAI_ZERO));
}

/** True when the text has a Thai digit, so a caller can warn that it was folded. */
export function hasThaiDigits(text: string): boolean {
  return /[\u0E50-\u0E59]/u.test(text);
}
