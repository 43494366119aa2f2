import { fail, ok, type CellResult, type CellValue } from '../cell-value.ts';
import { parseThaiDate } from '../dates/thai-date.ts';
import { parsePersonId } from '../ids/national-id.ts';
import type { IssueCode } from '../issues/codes.ts';
import { parseGrade } from '../people/grade.ts';
import { parsePrefix, parseSex } from '../people/prefix.ts';
import { isExcelErrorText } from '../read/read-spreadsheet.ts';
import type { Reference } from '../reference/reference.ts';
import { headerKey, normaliseText } from '../text/normalise-text.ts';
import type { FieldKind } from '../../templates/fields.ts';
import { codeLookup, parseCodeListCell } from './code-list.ts';
import type { FieldValue } from './field-value.ts';
import { parseCount } from './parse-count.ts';
import { parseTerm, parseYear } from './parse-round-parts.ts';

/** Reads one non-blank cell of a field kind. */
export type CellParser = (raw: CellValue) => CellResult<FieldValue, IssueCode>;

/**
 * The parser of a field kind, bound to the reference lists it needs. Every cell of a kind is read
 * the same way wherever it stands (roster, info sheet, registry), so the rules cannot drift.
 */
export function cellParser(kind: FieldKind, reference: Reference): CellParser {
  const parse = plainParser(kind, reference);
  return MEMO_LIMIT[kind] ? memoise(parse, MEMO_LIMIT[kind]) : parse;
}

/**
 * Kinds whose cells repeat (a few hundred prefixes, grades or birth dates among thousands of
 * rows) keep their results per distinct text, up to a bound: a 1.5M-row national load then
 * parses each distinct value once. Results are immutable, so sharing them is safe.
 */
const MEMO_LIMIT: Partial<Record<FieldKind, number>> = {
  prefix: 1_000,
  sex: 1_000,
  grade: 1_000,
  date: 50_000,
  disability: 1_000,
  disadvantage: 1_000,
  'lao-type': 1_000,
  'institution-kind': 1_000,
  status: 1_000,
};

function memoise(parse: CellParser, limit: number): CellParser {
  const seen = new Map<string, CellResult<FieldValue, IssueCode>>();
  return (raw) => {
    if (typeof raw !== 'string') return parse(raw);
    let result = seen.get(raw);
    if (!result) {
      result = parse(raw);
      if (seen.size < limit) seen.set(raw, result);
    }
    return result;
  };
}

function plainParser(kind: FieldKind, reference: Reference): CellParser {
  switch (kind) {
    case 'person-id':
      return parsePersonId;
    case 'date':
      return parseThaiDate;
    case 'count':
      return parseCount;
    case 'year':
      return parseYear;
    case 'term':
      return parseTerm;
    case 'name':
      // A name that is an Excel error value is a formula that failed, not a child's name.
      return (raw) => (isExcelErrorText(raw) ? fail('cell/excel-error') : ok(normaliseText(cellText(raw))));
    case 'text':
      return (raw) => ok(normaliseText(cellText(raw)));
    case 'code':
      return (raw) => ok(normaliseText(cellText(raw)).replace(/\s/gu, ''));
    case 'prefix':
      return parsePrefixCell;
    case 'sex':
      return (raw) => {
        // An unreadable sex is a warning: the name rules take the sex from the prefix, or reject the row.
        const sex = parseSex(cellText(raw));
        return sex ? ok(sex) : ok(null, ['cell/sex-unknown']);
      };
    case 'grade':
      return (raw) => {
        const grade = parseGrade(cellText(raw), reference.grades);
        return grade ? ok(grade.code) : fail('cell/grade-unknown');
      };
    case 'disability':
      return codeListParser(reference.disabilities);
    case 'disadvantage':
      return codeListParser(reference.disadvantages);
    case 'lao-type':
      return laoTypeParser(reference);
    case 'institution-kind':
      return wordParser({ school: ['school', 'โรงเรียน', 'รร'], cdc: ['cdc', 'ศพด', 'ศูนย์พัฒนาเด็กเล็ก'] });
    case 'status':
      return wordParser({ open: ['open', 'เปิด'], closed: ['closed', 'ปิด'] });
  }
}

/** A cell as text: numbers as Excel shows integers, dates as ISO. */
export function cellText(raw: CellValue): string {
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  return String(raw ?? '');
}

/** A listed prefix becomes its canonical form; any other is kept as typed, with a warning. */
function parsePrefixCell(raw: CellValue): CellResult<FieldValue, IssueCode> {
  const text = normaliseText(cellText(raw));
  const prefix = parsePrefix(text);
  return prefix ? ok(prefix.canonical) : ok(text, ['cell/prefix-unknown']);
}

function codeListParser(list: Reference['disabilities']): CellParser {
  const lookup = codeLookup(list);
  return (raw) => parseCodeListCell(cellText(raw), lookup);
}

function laoTypeParser(reference: Reference): CellParser {
  const byKey = new Map<string, string>();
  for (const t of reference.laoTypes)
    for (const name of [t.code, t.abbr_th, t.name_th, t.name_en]) byKey.set(headerKey(name), t.code);
  return (raw) => {
    const code = byKey.get(headerKey(cellText(raw)));
    return code ? ok(code) : fail('cell/code-unknown');
  };
}

function wordParser(words: Readonly<Record<string, readonly string[]>>): CellParser {
  const byKey = new Map<string, string>();
  for (const [value, spellings] of Object.entries(words))
    for (const s of spellings) byKey.set(headerKey(s), value);
  return (raw) => {
    const value = byKey.get(headerKey(cellText(raw)));
    return value ? ok(value) : fail('cell/code-unknown');
  };
}
