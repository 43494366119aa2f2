import { normaliseThaiMarks } from './thai-marks.ts';
import { foldThaiDigits } from './thai-digits.ts';

const SPACES = /[\s\u00A0\u3000]+/gu;

/**
 * Normalises free text as clerks type it: zero-width characters dropped, NFC, Thai marks in one
 * canonical order (split sara am folded to ำ, tones after upper vowels, doubled marks single:
 * see {@link normaliseThaiMarks}, which duplicate detection's SQL applies too), spaces collapsed
 * and trimmed, and Thai digits to ASCII.
 */
export function normaliseText(text: string): string {
  return foldThaiDigits(normaliseThaiMarks(text).replace(SPACES, ' ').trim());
}

/** A header or label reduced to a matching key: normalised, lower-case, with no spaces, dots or underscores. */
export function headerKey(text: string): string {
  return normaliseText(text)
    .toLowerCase()
    .replace(/[\s._\-:()*]/gu, '');
}
