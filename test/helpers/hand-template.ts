/**
 * A filled sis-students workbook written as literal XML ({@link handXlsx}), cell by cell, so that a
 * test can put in it what Excel allows and no writing library offers: formulas with their cached
 * values, error values, hidden rows, merged headers, external links, control characters.
 */
import { SIS_STUDENTS, STAMP_SHEET } from '../../templates/definitions.ts';
import { validId } from '../support/fixtures.ts';
import { columnName, escapeXml, handXlsx, rowXml, type HandBook, type HandSheet } from './xlsx-parts.ts';

/** One cell's XML at an address (`B2`). */
export type CellXml = (ref: string) => string;

export const text =
  (value: string): CellXml =>
  (ref) =>
    `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
export const num =
  (value: number): CellXml =>
  (ref) =>
    `<c r="${ref}"><v>${value}</v></c>`;
/** A formula with the value Excel saved beside it (text, number, or none at all). */
export const formula =
  (f: string, cached: string | number | null): CellXml =>
  (ref) => {
    const body = `<f>${escapeXml(f)}</f>`;
    if (cached === null) return `<c r="${ref}">${body}</c>`;
    if (typeof cached === 'number') return `<c r="${ref}">${body}<v>${cached}</v></c>`;
    return `<c r="${ref}" t="str">${body}<v>${escapeXml(cached)}</v></c>`;
  };
/** An Excel error value (`#REF!`, `#N/A`…). */
export const error =
  (code: string): CellXml =>
  (ref) =>
    `<c r="${ref}" t="e"><v>${escapeXml(code)}</v></c>`;

/** The roster's column keys in template order. */
export const ROSTER_KEYS = SIS_STUDENTS.roster.columns.map((c) => c.key);

/** The n-th pupil, as text cells by field key (an ID made valid apart from the validator). */
export function pupilCells(n: number): Record<string, CellXml> {
  return {
    national_id: text(validId(`11037024${String(1000 + n)}`)),
    prefix: text(n % 2 === 0 ? 'ด.ช.' : 'ด.ญ.'),
    first_name: text(`ทดสอบ${n}`),
    last_name: text('ใจดี'),
    sex: text(n % 2 === 0 ? 'ชาย' : 'หญิง'),
    birth_date: text('05/03/2556'),
    grade: text('ป.1'),
    room: text('1'),
  };
}

export interface HandTemplate {
  /** Roster rows by field key; a key missing from a row leaves its cell empty. */
  readonly rows: readonly Readonly<Record<string, CellXml>>[];
  /** Info values by field key (default: the test school, 2562 term 2). */
  readonly info?: Readonly<Record<string, CellXml>>;
  /** Header texts by field key, replacing the template's. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Rows above the header (title rows), as XML of rows 1…n. */
  readonly titleRows?: number;
  readonly titleXml?: string;
  /** Attributes added to each data `<row>` (e.g. ` hidden="1"`), by data row index. */
  readonly rowAttributes?: (index: number) => string;
  readonly rosterName?: string;
  readonly rosterState?: HandSheet['state'];
  readonly infoState?: HandSheet['state'];
  readonly rosterTail?: string;
  readonly rosterHead?: string;
  readonly book?: Omit<HandBook, 'sheets'>;
  readonly extraSheets?: readonly HandSheet[];
}

export const SCHOOL_INFO: Readonly<Record<string, CellXml>> = {
  institution_code: text('3042000001'),
  academic_year: num(2562),
  term: num(2),
};

/** The workbook's bytes: info sheet, roster, hidden stamp, as the blank template lays them out. */
export function writeHandTemplate(spec: HandTemplate): Uint8Array {
  const info = spec.info ?? SCHOOL_INFO;
  const infoXml = SIS_STUDENTS.info.fields
    .map((f, i) => {
      const value = info[f.key];
      return `<row r="${i + 1}">${text(f.th)(`A${i + 1}`)}${value ? value(`B${i + 1}`) : ''}${text(f.key)(`C${i + 1}`)}</row>`;
    })
    .join('');
  const headerRow = (spec.titleRows ?? 0) + 1;
  const headerXml = `<row r="${headerRow}">${SIS_STUDENTS.roster.columns
    .map((c, i) => text(spec.headers?.[c.key] ?? c.th)(`${columnName(i)}${headerRow}`))
    .join('')}</row>`;
  const dataXml = spec.rows
    .map((cells, index) => {
      const r = headerRow + 1 + index;
      const body = ROSTER_KEYS.map((key, i) => cells[key]?.(`${columnName(i)}${r}`) ?? '').join('');
      return `<row r="${r}"${spec.rowAttributes?.(index) ?? ''}>${body}</row>`;
    })
    .join('');
  const sheets: HandSheet[] = [
    { name: SIS_STUDENTS.info.name, rowsXml: infoXml, ...(spec.infoState ? { state: spec.infoState } : {}) },
    {
      name: spec.rosterName ?? SIS_STUDENTS.roster.sheet,
      rowsXml: (spec.titleXml ?? '') + headerXml + dataXml,
      ...(spec.rosterHead ? { head: spec.rosterHead } : {}),
      ...(spec.rosterTail ? { tail: spec.rosterTail } : {}),
      ...(spec.rosterState ? { state: spec.rosterState } : {}),
    },
    ...(spec.extraSheets ?? []),
    {
      name: STAMP_SHEET,
      rowsXml: rowXml(1, [SIS_STUDENTS.id, SIS_STUDENTS.version]),
      state: 'hidden',
    },
  ];
  return handXlsx({ ...spec.book, sheets });
}
