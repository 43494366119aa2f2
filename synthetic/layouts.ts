import type { IsoDate } from '../pipeline/dates/thai-date.ts';
import type { FieldDef } from '../templates/fields.ts';
import type { TemplateDef } from '../templates/definitions.ts';
import { BE_OFFSET, excelSerial } from './calendar.ts';
import type { Rng } from './prng.ts';
import { toThaiDigits } from './digits.ts';

export type FileFormat = 'xlsx' | 'xls' | 'csv';
export type DateStyle =
  'serial' | 'serial-be' | 'be-slash' | 'short' | 'thai-month' | 'thai-month-abbr' | 'compact' | 'iso';
export type HeaderStyle = 'thai' | 'english' | 'alias' | 'mixed';

/**
 * How one file is laid out, chosen per file from the seed, the way clerks vary a template. It is
 * written to truth.json so a failing reader can be matched to the variant that broke it.
 */
export interface FileLayout {
  readonly format: FileFormat;
  /** CSV only. */
  readonly encoding: 'windows-874' | 'utf-8-bom' | null;
  /** The hidden `_template` sheet is present. */
  readonly stamp: boolean;
  readonly rosterSheet: string;
  /** The roster sheet comes before the info sheet. */
  readonly rosterFirst: boolean;
  /** 1-based row of the roster header (rows above hold a title). */
  readonly headerRow: number;
  readonly headerStyle: HeaderStyle;
  /** Column headers in written order (CSV: the metadata columns first). */
  readonly headers: readonly string[];
  /** Field keys in written order; `null` for the extra column. */
  readonly columns: ReadonlyArray<string | null>;
  readonly extraColumn: string | null;
  readonly dateStyle: DateStyle;
  /** Some rows use another date style than the file's. */
  readonly mixedDates: boolean;
  readonly idStyle: 'text' | 'number' | 'dashed';
  /** Some ID and date cells are typed with Thai digits. */
  readonly thaiDigits: boolean;
  readonly prefixStyle: 'abbr' | 'full' | 'no-dots';
  /** Some rows carry the prefix in the first-name cell and leave the prefix cell empty. */
  readonly prefixInName: boolean;
  readonly sexStyle: 'word' | 'letter' | 'digit';
  readonly gradeStyle: 'canonical' | 'compact' | 'spaced' | 'long';
  /** Empty rows between data rows. */
  readonly blankRows: number;
  /** Other-schools files: zero written as `-`. */
  readonly zeroAsDash: boolean;
}

const EXTRA_COLUMNS: ReadonlyArray<readonly [string, 'start' | 'end']> = [
  ['หมายเหตุ', 'end'],
  ['ลำดับ', 'start'],
  ['เลขที่', 'start'],
  ['ชื่อผู้ปกครอง', 'end'],
];

/** Chooses a file's layout. `dataRows` bounds the blank rows; `csvMeta` are the metadata fields a CSV repeats per row. */
export function chooseLayout(
  template: TemplateDef,
  csvMeta: readonly FieldDef[],
  dataRows: number,
  rng: Rng,
): FileLayout {
  const format = rng.weighted<FileFormat>([
    ['xlsx', 91],
    ['xls', 5],
    ['csv', 4],
  ]);
  const isCsv = format === 'csv';
  const headerStyle = rng.weighted<HeaderStyle>([
    ['thai', 70],
    ['english', 10],
    ['alias', 12],
    ['mixed', 8],
  ]);
  const extra = rng.chance(0.3) ? rng.pick(EXTRA_COLUMNS) : null;
  const keys = orderColumns(template, rng);
  const columns: Array<string | null> = [...keys];
  if (extra) {
    if (extra[1] === 'start') columns.unshift(null);
    else columns.push(null);
  }
  const allColumns = isCsv ? [...csvMeta.map((f) => f.key), ...columns] : columns;
  const fields = new Map([...template.roster.columns, ...csvMeta].map((f) => [f.key, f]));
  const headers = allColumns.map((key) =>
    key === null ? extra![0] : headerFor(fields.get(key)!, headerStyle, rng),
  );
  const dateStyle = rng.weighted<DateStyle>([
    ['serial', 30],
    ['serial-be', 2],
    ['be-slash', 35],
    ['short', 10],
    ['thai-month', 10],
    ['thai-month-abbr', 8],
    ['compact', 3],
    ['iso', 2],
  ]);
  return {
    format,
    encoding: isCsv ? (rng.chance(0.75) ? 'windows-874' : 'utf-8-bom') : null,
    stamp: !isCsv && rng.chance(0.85),
    rosterSheet: !isCsv && rng.chance(0.03) ? 'Sheet1' : template.roster.sheet,
    rosterFirst: !isCsv && rng.chance(0.15),
    headerRow: isCsv || rng.chance(0.6) ? 1 : rng.int(3, 7),
    headerStyle,
    headers,
    columns: allColumns,
    extraColumn: extra ? extra[0] : null,
    dateStyle: isCsv && (dateStyle === 'serial' || dateStyle === 'serial-be') ? 'be-slash' : dateStyle,
    mixedDates: rng.chance(0.1),
    idStyle: rng.weighted([
      ['text', 87],
      ['number', isCsv ? 0 : 8],
      ['dashed', 5],
    ] as const),
    thaiDigits: rng.chance(0.08),
    prefixStyle: rng.weighted([
      ['abbr', 75],
      ['full', 20],
      ['no-dots', 5],
    ] as const),
    prefixInName: rng.chance(0.05),
    sexStyle: rng.weighted([
      ['word', 90],
      ['letter', 5],
      ['digit', 5],
    ] as const),
    gradeStyle: rng.weighted([
      ['canonical', 80],
      ['compact', 8],
      ['spaced', 5],
      ['long', 7],
    ] as const),
    blankRows: dataRows > 3 && rng.chance(0.2) ? rng.int(1, 3) : 0,
    zeroAsDash: rng.chance(0.3),
  };
}

/** The template's column order, or (a quarter of files) with a few columns moved. */
function orderColumns(template: TemplateDef, rng: Rng): string[] {
  const keys = template.roster.columns.map((c) => c.key);
  if (template.id === 'other-schools' || rng.chance(0.75)) return keys;
  const out = [...keys];
  const swaps = rng.int(1, 3);
  for (let s = 0; s < swaps; s++) {
    const i = rng.int(0, out.length - 1);
    const j = rng.int(0, out.length - 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function headerFor(field: FieldDef, style: HeaderStyle, rng: Rng): string {
  const aliases = field.aliases ?? [];
  const resolved =
    style === 'mixed'
      ? rng.weighted<HeaderStyle>([
          ['thai', 2],
          ['english', 1],
          ['alias', 1],
        ])
      : style;
  if (resolved === 'english') return field.key;
  if (resolved === 'alias' && aliases.length > 0) return rng.pick(aliases);
  return field.th;
}

/**
 * Thai month names as clerks write them. The generator keeps its own list, apart from the
 * reader's, so that a mistake in one cannot hide the same mistake in the other.
 */
export const THAI_MONTHS_FULL = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
];
const THAI_MONTHS_ABBR = [
  'ม.ค.',
  'ก.พ.',
  'มี.ค.',
  'เม.ย.',
  'พ.ค.',
  'มิ.ย.',
  'ก.ค.',
  'ส.ค.',
  'ก.ย.',
  'ต.ค.',
  'พ.ย.',
  'ธ.ค.',
];
const SERIAL_FORMATS = ['dd/mm/yyyy', 'd/m/yyyy', 'd mmm yyyy', 'yyyy-mm-dd'];

/** A cell as written: text, a number, or a number with a display format (a real Excel date). */
export type OutCell = string | number | { readonly t: 'n'; readonly v: number; readonly z: string } | null;

/** A birth date in one of the styles clerks use. Text styles carry the BE year except `iso`. */
export function formatDate(iso: IsoDate, style: DateStyle, rng: Rng): OutCell {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const be = y + BE_OFFSET;
  switch (style) {
    case 'serial':
      return { t: 'n', v: excelSerial(iso), z: rng.pick(SERIAL_FORMATS) };
    case 'serial-be':
      return { t: 'n', v: excelSerial(`${be}${iso.slice(4)}`), z: 'dd/mm/yyyy' };
    case 'be-slash':
      return `${pad2(d)}/${pad2(m)}/${be}`;
    case 'short':
      return `${d}/${m}/${String(be).slice(2)}`;
    case 'thai-month':
      return `${d} ${THAI_MONTHS_FULL[m - 1]} ${be}`;
    case 'thai-month-abbr':
      return `${d} ${THAI_MONTHS_ABBR[m - 1]} ${String(be).slice(2)}`;
    case 'compact':
      return `${be}${pad2(m)}${pad2(d)}`;
    case 'iso':
      return iso;
  }
}

/** Another text style for the odd row of a mixed file. */
export function otherDateStyle(style: DateStyle, rng: Rng): DateStyle {
  const options: DateStyle[] = ['be-slash', 'short', 'thai-month', 'thai-month-abbr'];
  return rng.pick(options.filter((s) => s !== style));
}

export function formatId(id: string, style: FileLayout['idStyle']): OutCell {
  if (id.startsWith('G')) return id;
  if (style === 'number') return Number(id);
  if (style === 'dashed')
    return `${id[0]}-${id.slice(1, 5)}-${id.slice(5, 10)}-${id.slice(10, 12)}-${id[12]}`;
  return id;
}

const PREFIX_SPELLINGS: Readonly<Record<string, Readonly<Record<FileLayout['prefixStyle'], string>>>> = {
  'ด.ช.': { abbr: 'ด.ช.', full: 'เด็กชาย', 'no-dots': 'ดช' },
  'ด.ญ.': { abbr: 'ด.ญ.', full: 'เด็กหญิง', 'no-dots': 'ดญ' },
  นาย: { abbr: 'นาย', full: 'นาย', 'no-dots': 'นาย' },
  'น.ส.': { abbr: 'น.ส.', full: 'นางสาว', 'no-dots': 'นส' },
};

export function formatPrefix(prefix: string, style: FileLayout['prefixStyle']): string {
  return PREFIX_SPELLINGS[prefix]?.[style] ?? prefix;
}

export function formatSex(sex: 'M' | 'F', style: FileLayout['sexStyle']): string {
  if (style === 'letter') return sex === 'M' ? 'ช' : 'ญ';
  if (style === 'digit') return sex === 'M' ? '1' : '2';
  return sex === 'M' ? 'ชาย' : 'หญิง';
}

const LEVEL_LONG: ReadonlyArray<readonly [string, string]> = [
  ['อ.', 'อนุบาล '],
  ['ป.', 'ประถมศึกษาปีที่ '],
  ['ม.', 'มัธยมศึกษาปีที่ '],
];

export function formatGrade(grade: string, style: FileLayout['gradeStyle']): string {
  if (style === 'compact') return grade.replace('.', '');
  if (style === 'spaced') return grade.replace('.', '. ');
  if (style === 'long') {
    const level = LEVEL_LONG.find(([short]) => grade.startsWith(short));
    return level ? `${level[1]}${grade.slice(level[0].length)}` : grade;
  }
  return grade;
}

/** Thai digits for the digits of a text cell (numbers and formatted cells stay as they are). */
export function withThaiDigits(cell: OutCell): OutCell {
  return typeof cell === 'string' ? toThaiDigits(cell) : cell;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Excel's column letters for a 0-based index (0 → A, 26 → AA): the templates' own. */
export { columnLetters as columnLetter } from '../templates/columns.ts';
