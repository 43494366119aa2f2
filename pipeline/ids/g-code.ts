import { fail, ok, type CellResult } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import type { PersonId } from './person-id.ts';

/** True for text that claims to be a G-code (starts with G), valid or not. */
export function isGCodeShape(text: string): boolean {
  return /^G/u.test(text);
}

/** G + 12 digits: 2-digit BE year of issue, 2-digit province code, 8-digit running number. */
export function parseGCode(text: string): CellResult<PersonId, IssueCode> {
  if (!/^G\d{12}$/u.test(text)) return fail('cell/g-code-format');
  return ok({ id: text, kind: 'g-code' });
}

/** The province code a G-code was issued in (digits 3–4 after the G). */
export function gCodeProvince(gCode: string): string {
  return gCode.slice(3, 5);
}
