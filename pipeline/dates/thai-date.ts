import { fail, ok, type CellResult, type CellValue } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import { normaliseText } from '../text/normalise-text.ts';

/** Buddhist era = Christian era + 543. */
export const BE_OFFSET = 543;
/** Any year at or above this is a BE year (a BE date typed in a non-Thai locale lands near 2562 CE). */
const BE_THRESHOLD = 2400;
/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug folded in), in days since the Unix epoch. */
const EXCEL_EPOCH_DAYS = -25569;
const DAY_MS = 86_400_000;

const THAI_MONTHS: ReadonlyArray<readonly string[]> = [
  ['มกราคม', 'มค'],
  ['กุมภาพันธ์', 'กพ'],
  ['มีนาคม', 'มีค'],
  ['เมษายน', 'เมย'],
  ['พฤษภาคม', 'พค'],
  ['มิถุนายน', 'มิย'],
  ['กรกฎาคม', 'กค'],
  ['สิงหาคม', 'สค'],
  ['กันยายน', 'กย'],
  ['ตุลาคม', 'ตค'],
  ['พฤศจิกายน', 'พย'],
  ['ธันวาคม', 'ธค'],
];

/** An ISO calendar date `YYYY-MM-DD` in the Christian era. */
export type IsoDate = string;

/**
 * Reads a date cell in every form clerks use: Excel date serials, `dd/mm/yyyy` (BE or CE),
 * `d/m/yy` (55 = 2555), Thai month names with or without dots, `yyyymmdd` (BE) and ISO dates.
 * Returns an ISO date in the Christian era.
 */
export function parseThaiDate(raw: CellValue): CellResult<IsoDate, IssueCode> {
  if (raw instanceof Date) return fromUtcDate(raw);
  if (typeof raw === 'number') return parseNumberDate(raw);
  if (typeof raw !== 'string') return fail('cell/date-unparseable');
  const text = normaliseText(raw);
  return parseNumericText(text) ?? parseThaiMonthText(text) ?? fail('cell/date-unparseable');
}

/** Converts an Excel serial day number to an ISO date (CE), folding BE years typed as CE. */
export function excelSerialToIso(serial: number): IsoDate {
  const date = new Date((Math.floor(serial) + EXCEL_EPOCH_DAYS) * DAY_MS);
  return date.toISOString().slice(0, 10);
}

/** An ISO date (CE) to an Excel serial day number. */
export function isoToExcelSerial(iso: IsoDate): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS - EXCEL_EPOCH_DAYS;
}

function parseNumberDate(raw: number): CellResult<IsoDate, IssueCode> {
  if (Number.isInteger(raw) && raw >= 10_000_000 && raw <= 99_999_999) return parseNumericText(String(raw))!;
  if (raw < 1 || raw > 400_000) return fail('cell/date-unparseable');
  return fromIsoParts(excelSerialToIso(raw));
}

function fromUtcDate(raw: Date): CellResult<IsoDate, IssueCode> {
  if (Number.isNaN(raw.getTime())) return fail('cell/date-unparseable');
  return fromIsoParts(raw.toISOString().slice(0, 10));
}

function fromIsoParts(iso: string): CellResult<IsoDate, IssueCode> {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return buildDate(y, m, d, 'true-date');
}

function parseNumericText(text: string): CellResult<IsoDate, IssueCode> | null {
  const dmy = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/u.exec(
    text,
  );
  if (dmy) return buildDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]), typedYear(dmy[3]!));
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/u.exec(text);
  if (ymd) return buildDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]), 'true-date');
  const compact = /^(\d{4})(\d{2})(\d{2})$/u.exec(text);
  if (compact) return buildDate(Number(compact[1]), Number(compact[2]), Number(compact[3]), 'typed');
  return null;
}

function parseThaiMonthText(text: string): CellResult<IsoDate, IssueCode> | null {
  // The era mark is dropped first: glued to the month (`มี.ค.พ.ศ.2555`) it would join the month word.
  const bare = text.replace(/พ\.?\s*ศ\.?/gu, ' ');
  const match = /^(\d{1,2})\s*([\u0E00-\u0E7F.]+)\s*(\d{2}|\d{4})$/u.exec(bare);
  if (!match) return null;
  const month = thaiMonthNumber(match[2]!);
  if (month === null) return null;
  return buildDate(Number(match[3]), month, Number(match[1]), typedYear(match[3]!));
}

function thaiMonthNumber(word: string): number | null {
  const bare = word.replace(/\./gu, '');
  const index = THAI_MONTHS.findIndex(([full, short]) => bare === full || bare === short);
  return index === -1 ? null : index + 1;
}

/**
 * How a year reached us: `short` (two digits, always BE: 55 = 2555 — a form clerks commonly
 * use, so no warning), `typed` (four digits typed by a clerk, where a CE year is unusual and
 * warned about), `true-date` (an Excel date or ISO text, CE unless its year is a BE year).
 */
type YearForm = 'short' | 'typed' | 'true-date';

function typedYear(digits: string): YearForm {
  return digits.length === 2 ? 'short' : 'typed';
}

/** Resolves the era of a year and checks that the day exists. */
function buildDate(year: number, month: number, day: number, form: YearForm): CellResult<IsoDate, IssueCode> {
  const warnings: IssueCode[] = [];
  let ce: number;
  if (form === 'short') ce = 2500 + year - BE_OFFSET;
  else if (year >= BE_THRESHOLD) ce = year - BE_OFFSET;
  else {
    ce = year;
    if (form === 'typed') warnings.push('cell/date-era-assumed');
  }
  if (ce < 1900 || ce > 2200) return fail('cell/date-unparseable');
  const date = new Date(Date.UTC(ce, month - 1, day));
  if (date.getUTCFullYear() !== ce || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return fail('cell/date-unparseable');
  }
  return ok(date.toISOString().slice(0, 10), warnings);
}

/** Whole years between a birth date and a day (both ISO). */
export function ageOn(birthIso: IsoDate, onIso: IsoDate): number {
  const by = Number(birthIso.slice(0, 4));
  const oy = Number(onIso.slice(0, 4));
  // Month and day compare as text: both are zero-padded `MM-DD`.
  return oy - by - (onIso.slice(5, 10) < birthIso.slice(5, 10) ? 1 : 0);
}
