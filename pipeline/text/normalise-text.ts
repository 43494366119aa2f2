import { foldThaiDigits } from './thai-digits.ts';

/** Zero-width and invisible marks that web copy-paste leaves in Thai text (incl. LRM/RLM). */
const ZERO_WIDTH = /[\u200B-\u200F\u2060\uFEFF\u00AD]/gu;
const SPACES = /[\s\u00A0\u3000]+/gu;

/**
 * Normalises free text as clerks type it: NFC, zero-width characters dropped, spaces collapsed
 * and trimmed, the split sara am (U+0E4D U+0E32) folded to U+0E33, and Thai digits to ASCII.
 */
export function normaliseText(text: string): string {
  return foldThaiDigits(
    text
      .normalize('NFC')
      .replace(ZERO_WIDTH, '')
      .replace(/\u0E4D\u0E32/gu, '\u0E33')
      .replace(SPACES, ' ')
      .trim(),
  );
}

/** A header or label reduced to a matching key: normalised, lower-case, with no spaces, dots or underscores. */
export function headerKey(text: string): string {
  return normaliseText(text)
    .toLowerCase()
    .replace(/[\s._\-:()*]/gu, '');
}
