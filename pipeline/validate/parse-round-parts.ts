import { fail, ok, type CellResult, type CellValue } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import { normaliseText } from '../text/normalise-text.ts';

/** The BE years a collection round can name. */
const MIN_BE_YEAR = 2500;
const MAX_BE_YEAR = 2700;

/**
 * Reads an academic year: a BE year such as `2562`, `พ.ศ. 2562` or `๒๕๖๒`. A CE year is refused
 * (`file/metadata-invalid`): guessing the era of a whole file's round is not ours to do.
 */
export function parseYear(raw: CellValue): CellResult<number, IssueCode> {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? normaliseText(raw) : '';
  const match = /^(?:พ\.?\s*ศ\.?\s*)?(\d{4})(?:\.0+)?$/u.exec(text);
  const year = match ? Number(match[1]) : NaN;
  return year >= MIN_BE_YEAR && year <= MAX_BE_YEAR ? ok(year) : fail('file/metadata-invalid');
}

/** Reads a term: `1`, `2`, `ภาคเรียนที่ 2`, `2/2562`. */
export function parseTerm(raw: CellValue): CellResult<number, IssueCode> {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? normaliseText(raw) : '';
  const match = /^(?:ภาคเรียน(?:ที่)?\s*)?([12])(?:\.0+)?(?:\s*\/\s*\d{4})?$/u.exec(text);
  return match ? ok(Number(match[1])) : fail('file/metadata-invalid');
}
