import { fail, ok, type CellResult, type CellValue } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import { foldDashes } from '../text/dashes.ts';
import { normaliseText } from '../text/normalise-text.ts';
import { isGCodeShape, parseGCode } from './g-code.ts';
import type { PersonId } from './person-id.ts';

export type { PersonId, PersonIdKind } from './person-id.ts';

/** A number as Excel displays a rounded big number: `1.10370E+12`, `1,1037E+12`. */
const SCIENTIFIC = /^\d(?:[.,]\d+)?\s*E\s*\+?\s*\d+$/u;

/** The check digit of the first 12 digits: (11 − Σ dᵢ·(14−i) mod 11) mod 10. */
export function nationalIdCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
  return (11 - (sum % 11)) % 10;
}

/** True for 13 digits whose last is the checksum of the others. A leading 0 is valid. */
export function isValidNationalId(id: string): boolean {
  return /^\d{13}$/u.test(id) && nationalIdCheckDigit(id.slice(0, 12)) === Number(id[12]);
}

/**
 * Reads a national ID or G-code cell as clerks type it: Thai digits, spaces and dashes (any dash
 * character: `1–1037–02488–99–2` with en dashes is `1-1037-02488-99-2`) folded,
 * numbers restored to 13 digits (a lost leading zero comes back, with a warning).
 */
export function parsePersonId(raw: CellValue): CellResult<PersonId, IssueCode> {
  if (typeof raw === 'number') return parseNumericId(raw);
  if (typeof raw !== 'string') return fail('cell/national-id-format');
  const folded = foldDashes(normaliseText(raw)).toUpperCase();
  // Checked before dots are stripped: `1.10370E+12` would otherwise read as `110370E+12`.
  if (SCIENTIFIC.test(folded)) return fail('cell/national-id-scientific');
  const text = folded.replace(/[\s\-.]/gu, '');
  if (isGCodeShape(text)) return parseGCode(text);
  if (!/^\d{13}$/u.test(text)) return fail('cell/national-id-format');
  return checkDigits(text, []);
}

function parseNumericId(raw: number): CellResult<PersonId, IssueCode> {
  if (!Number.isInteger(raw) || raw < 0) return fail('cell/national-id-format');
  if (raw >= 1e13) return fail('cell/national-id-format');
  const text = String(raw);
  if (text.length < 12) return fail('cell/national-id-format');
  return checkDigits(text.padStart(13, '0'), ['cell/id-stored-as-number']);
}

function checkDigits(id: string, warnings: IssueCode[]): CellResult<PersonId, IssueCode> {
  if (!isValidNationalId(id)) return fail('cell/national-id-checksum');
  const extra: IssueCode[] = id.startsWith('9') ? ['cell/national-id-suspicious'] : [];
  const leadingZeroLost = warnings.length > 0 && id.startsWith('0');
  return ok({ id, kind: 'national-id' }, leadingZeroLost ? [...warnings, ...extra] : extra);
}
