import { fail, ok, type CellResult, type CellValue } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import { foldDashes } from '../text/dashes.ts';
import { normaliseText } from '../text/normalise-text.ts';

/** Buddhist era = Christian era + 543. */
export const BE_OFFSET = 543;
/** Any year at or above this is a BE year (a BE date typed in a non-Thai locale lands near 2562 CE). */
const BE_THRESHOLD = 2400;
/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug folded in), in days since the Unix epoch. */
const EXCEL_EPOCH_DAYS = -25569;
const DAY_MS = 86_400_000;

/**
 * The months as clerks write them: full name, abbreviation (dots are dropped before matching),
 * the spoken short form (`มีนา`, `พฤศจิกา`) and common misspellings. Matching folds tone marks,
 * ฏ/ฎ, ศ/ษ/ส and ภ/พ (see {@link monthKey}), so `กรกฏาคม` and `กุมพาพันธ์` need no entry.
 */
const MONTH_SPELLINGS: ReadonlyArray<readonly string[]> = [
  ['มกราคม', 'มค', 'มกรา', 'jan', 'january'],
  ['กุมภาพันธ์', 'กพ', 'กุมภา', 'กุมภาพัน', 'feb', 'february'],
  ['มีนาคม', 'มีค', 'มีนา', 'mar', 'march'],
  ['เมษายน', 'เมย', 'เมษา', 'apr', 'april'],
  ['พฤษภาคม', 'พค', 'พฤษภา', 'may'],
  ['มิถุนายน', 'มิย', 'มิถุนา', 'jun', 'june'],
  ['กรกฎาคม', 'กค', 'กรกฎา', 'jul', 'july'],
  ['สิงหาคม', 'สค', 'สิงหา', 'aug', 'august'],
  ['กันยายน', 'กย', 'กันยา', 'sep', 'sept', 'september'],
  ['ตุลาคม', 'ตค', 'ตุลา', 'oct', 'october'],
  ['พฤศจิกายน', 'พย', 'พฤศจิกา', 'nov', 'november'],
  ['ธันวาคม', 'ธค', 'ธันวา', 'dec', 'december'],
];

/** The full Thai month names, January first, as printed on forms. */
export const THAI_MONTH_NAMES: readonly string[] = MONTH_SPELLINGS.map((spellings) => spellings[0]!);

/** A month word reduced to what distinguishes it: no dots, spaces or tone marks; look-alike letters folded. */
function monthKey(word: string): string {
  return word
    .toLowerCase()
    .replace(/[.\s\u0E47-\u0E4E]/gu, '')
    .replace(/ฏ/gu, 'ฎ')
    .replace(/[ศษ]/gu, 'ส')
    .replace(/ภ/gu, 'พ');
}

const MONTH_BY_KEY = new Map<string, number>(
  MONTH_SPELLINGS.flatMap((spellings, index) => spellings.map((s) => [monthKey(s), index + 1] as const)),
);

/** An ISO calendar date `YYYY-MM-DD` in the Christian era. */
export type IsoDate = string;

/** Excel serials below this (1950-01-01) are no birth date of a child: such a number is something else. */
const MIN_BIRTH_SERIAL = 18_264;

/**
 * Reads a date cell in every form clerks use: Excel date serials, `dd/mm/yyyy` (BE or CE) with
 * slashes, dashes of any kind, dots or spaces, `d/m/yy` (55 = 2555), Thai month names full,
 * abbreviated, spoken (`มีนา`) or misspelt, with or without dots, `yyyymmdd` and `ddmmyyyy` (BE),
 * ISO dates. A number cell holding a year (`2555`) is `cell/date-year-only`, and one holding
 * a date typed as digits (`15032555`) is read with `cell/date-number-typed`, never as a serial.
 * Returns an ISO date in the Christian era.
 */
export function parseThaiDate(raw: CellValue): CellResult<IsoDate, IssueCode> {
  if (raw instanceof Date) return fromUtcDate(raw);
  if (typeof raw === 'number') return parseNumberDate(raw);
  if (typeof raw !== 'string') return fail('cell/date-unparseable');
  const text = foldDashes(normaliseText(raw))
    .replace(/^(?:วันเกิด|เกิด(?:วันที่)?|วันที่)\s*/u, '')
    .replace(/(?:^|\s)(?:เดือน|ปี)(?=\s|\d|$)/gu, ' ')
    .trim();
  return parseNumericText(text) ?? parseMonthText(text) ?? fail('cell/date-unparseable');
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
  if (Number.isInteger(raw) && raw >= 1_000_000 && raw <= 99_999_999) return parseDigitNumber(raw);
  if (Number.isInteger(raw) && raw >= 1900 && raw <= 2700) return fail('cell/date-year-only');
  if (raw < MIN_BIRTH_SERIAL || raw > 400_000) return fail('cell/date-unparseable');
  return fromIsoParts(excelSerialToIso(raw));
}

/**
 * A date typed as digits into a number cell: `25550315` (yyyymmdd, BE) is a documented form;
 * `15032555` and `5032555` (ddmmyyyy, its leading zero lost) are read with a warning.
 */
function parseDigitNumber(raw: number): CellResult<IsoDate, IssueCode> {
  const digits = String(raw).padStart(8, '0');
  const ymd = compactDate(digits);
  if (ymd?.ok && isYearLike(Number(digits.slice(0, 4)))) return ymd;
  const dmy = buildDate(
    Number(digits.slice(4)),
    Number(digits.slice(2, 4)),
    Number(digits.slice(0, 2)),
    'typed',
  );
  return dmy.ok ? ok(dmy.value, [...dmy.warnings, 'cell/date-number-typed']) : fail('cell/date-unparseable');
}

function isYearLike(year: number): boolean {
  return (year >= 2400 && year <= 2700) || (year >= 1900 && year <= 2200);
}

function fromUtcDate(raw: Date): CellResult<IsoDate, IssueCode> {
  if (Number.isNaN(raw.getTime())) return fail('cell/date-unparseable');
  return fromIsoParts(raw.toISOString().slice(0, 10));
}

function fromIsoParts(iso: string): CellResult<IsoDate, IssueCode> {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return buildDate(y, m, d, 'true-date');
}

/** A separator between day, month and year: slashes, dashes, dots (one or more), or spaces alone. */
const SEP = String.raw`(?:\s*[/.\-]+\s*|\s+)`;
const DMY = new RegExp(
  String.raw`^(\d{1,2})${SEP}(\d{1,2})${SEP}(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$`,
  'u',
);

function parseNumericText(text: string): CellResult<IsoDate, IssueCode> | null {
  const dmy = DMY.exec(text);
  if (dmy) return buildDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]), typedYear(dmy[3]!));
  const ymd = /^(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?:[T ].*)?$/u.exec(text);
  if (ymd) return buildDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]), 'true-date');
  if (/^\d{8}$/u.test(text)) {
    if (isYearLike(Number(text.slice(0, 4)))) return compactDate(text);
    return buildDate(Number(text.slice(4)), Number(text.slice(2, 4)), Number(text.slice(0, 2)), 'typed');
  }
  const short = /^(\d{2})(\d{2})(\d{2})$/u.exec(text);
  if (short) return buildDate(Number(short[3]), Number(short[2]), Number(short[1]), 'short');
  return null;
}

/** `yyyymmdd` (a BE year, or CE with the era warning). */
function compactDate(digits: string): CellResult<IsoDate, IssueCode> | null {
  const compact = /^(\d{4})(\d{2})(\d{2})$/u.exec(digits);
  return compact ? buildDate(Number(compact[1]), Number(compact[2]), Number(compact[3]), 'typed') : null;
}

function parseMonthText(text: string): CellResult<IsoDate, IssueCode> | null {
  // The era mark is dropped first: glued to the month (`มี.ค.พ.ศ.2555`) it would join the month word.
  const ce = /ค\.?\s*ศ\.?/u.test(text);
  const bare = text.replace(/[พค]\.?\s*ศ\.?/gu, ' ');
  const match =
    /^(\d{1,2})[\s/.,-]*([\u0E00-\u0E7FA-Za-z][\u0E00-\u0E7FA-Za-z.\s]*?)[\s/.,-]*(\d{2}|\d{4})$/u.exec(
      bare.trim(),
    );
  if (!match) return null;
  const month = MONTH_BY_KEY.get(monthKey(match[2]!));
  if (month === undefined) return null;
  const form = ce && match[3]!.length === 4 ? 'true-date' : typedYear(match[3]!);
  return buildDate(Number(match[3]), month, Number(match[1]), form);
}

/**
 * How a year reached us: `short` (two digits, always BE: 55 = 2555 — a form clerks commonly
 * use, so no warning), `typed` (four digits typed by a clerk, where a CE year is unusual and
 * warned about), `true-date` (an Excel date, ISO text or a year marked ค.ศ., CE unless its year
 * is a BE year).
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
