import { fail, ok, type CellResult, type CellValue } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import { normaliseText } from '../text/normalise-text.ts';

const DASHES = /^[-–—]+$/u;

/**
 * Reads a count as clerks write it: a whole number of 0 or more, Thai digits, thousands
 * separators, `12.0`; a dash or a blank means 0 (reports print zero as "-").
 */
export function parseCount(raw: CellValue): CellResult<number, IssueCode> {
  if (raw === null) return ok(0);
  if (typeof raw === 'number')
    return Number.isInteger(raw) && raw >= 0 ? ok(raw) : fail('cell/count-invalid');
  if (typeof raw !== 'string') return fail('cell/count-invalid');
  const text = normaliseText(raw).replace(/[,\s]/gu, '');
  if (text === '' || DASHES.test(text)) return ok(0);
  const match = /^(\d+)(?:\.0*)?$/u.exec(text);
  return match ? ok(Number(match[1])) : fail('cell/count-invalid');
}
