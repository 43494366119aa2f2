import type { CellValue } from '../cell-value.ts';
import type { Reference } from '../reference/reference.ts';
import { headerKey, normaliseText } from '../text/normalise-text.ts';

/** A cell as trimmed, normalised text ('' for blank). Numbers keep their digits. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return normaliseText(String(value));
}

/** A registry code: digits (Thai digits folded), letters allowed for G-style codes; null when malformed. */
export function parseCode(value: CellValue | undefined): string | null {
  const text = cellText(value).replace(/[\s-]/gu, '');
  return /^[0-9A-Za-z]{1,20}$/u.test(text) ? text : null;
}

/** A LAO type given as its code (`sao`), Thai abbreviation (`อบต.`) or Thai name. */
export function parseLaoType(value: CellValue | undefined, reference: Reference): string | null {
  const key = headerKey(cellText(value));
  const found = reference.laoTypes.find(
    (t) => headerKey(t.code) === key || headerKey(t.abbr_th) === key || headerKey(t.name_th) === key,
  );
  return found?.code ?? null;
}

const KINDS = new Map([
  ['school', 'school'],
  ['โรงเรียน', 'school'],
  ['รร', 'school'],
  ['cdc', 'cdc'],
  ['ศพด', 'cdc'],
  ['ศูนย์พัฒนาเด็กเล็ก', 'cdc'],
] as const);
const STATUSES = new Map([
  ['open', 'open'],
  ['เปิด', 'open'],
  ['closed', 'closed'],
  ['ปิด', 'closed'],
] as const);

export function parseKind(value: CellValue | undefined): 'school' | 'cdc' | null {
  return KINDS.get(headerKey(cellText(value)) as never) ?? null;
}

export function parseStatus(value: CellValue | undefined): 'open' | 'closed' | null {
  return STATUSES.get(headerKey(cellText(value)) as never) ?? null;
}
