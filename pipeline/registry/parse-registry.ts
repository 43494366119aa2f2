import type { CellValue } from '../cell-value.ts';
import type {
  InstitutionRecord,
  LaoContactRecord,
  LaoRecord,
  OtherSchoolRecord,
  RegistryRecords,
} from '../db/registry-repository.ts';
import { cellAddress, isRowLevel, makeIssue, type Issue } from '../issues/issue.ts';
import type { IssueCode } from '../issues/codes.ts';
import { locateTable } from '../read/locate-table.ts';
import type { DataRow, LocatedTable } from '../read/located-table.ts';
import { readWorkbook } from '../read/read-workbook.ts';
import type { ReadLimits, Workbook } from '../read/workbook.ts';
import type { Reference } from '../reference/reference.ts';
import { REGISTRY_INSTITUTIONS, REGISTRY_LAOS, REGISTRY_OTHER_SCHOOLS } from '../../templates/registry.ts';
import type { TableDef } from '../../templates/fields.ts';
import { cellText, parseCode, parseKind, parseLaoType, parseStatus } from './registry-values.ts';

export interface RegistryFile {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** Issues of one registry file, located like any upload's. */
export interface RegistryFileIssues {
  readonly file: string;
  readonly issues: Issue[];
}

export interface ParsedRegistry {
  readonly records: RegistryRecords;
  readonly files: RegistryFileIssues[];
  /** True when nothing blocks loading: every table found and no row rejected. */
  readonly clean: boolean;
}

/**
 * Reads a registry from one workbook with the three sheets, or from one CSV per sheet (each
 * recognised by its headers), and checks it: codes unique, provinces known, LAO types known and
 * in place, every institution and other-affiliation school under a listed LAO.
 */
export function parseRegistry(
  files: readonly RegistryFile[],
  reference: Reference,
  limits: ReadLimits,
): ParsedRegistry {
  const books = files.map((f) => ({ file: f.fileName, result: readWorkbook(f.bytes, f.fileName, limits) }));
  const reports: RegistryFileIssues[] = books.map((b) => ({
    file: b.file,
    issues: b.result.ok ? [] : [b.result.issue],
  }));
  const readable = books.flatMap((b, i) => (b.result.ok ? [{ index: i, book: b.result.book }] : []));
  const find = (table: TableDef) => findTable(readable, table);
  const laoTable = find(REGISTRY_LAOS);
  const instTable = find(REGISTRY_INSTITUTIONS);
  const otherTable = find(REGISTRY_OTHER_SCHOOLS);
  const add = (index: number, issues: Issue[]) => reports[index]?.issues.push(...issues);
  if (!laoTable || !instTable)
    add(0, [makeIssue('registry/table-missing', { detail: !laoTable ? 'อปท' : 'สถานศึกษา' })]);
  const laos = laoTable ? readLaos(laoTable.table, reference, (x) => add(laoTable.index, x)) : [];
  const contacts = laoTable ? readContacts(laoTable.table, laos, (x) => add(laoTable.index, x)) : [];
  const laoCodes = new Set(laos.map((l) => l.lao_code));
  const institutions = instTable
    ? readInstitutions(instTable.table, laoCodes, (x) => add(instTable.index, x))
    : [];
  const otherSchools = otherTable
    ? readOtherSchools(otherTable.table, laoCodes, (x) => add(otherTable.index, x))
    : [];
  for (const t of [laoTable, instTable, otherTable]) if (t) add(t.index, t.issues);
  const clean =
    Boolean(laoTable && instTable) && reports.every((r) => !r.issues.some((i) => i.severity === 'error'));
  return { records: { laos, contacts, institutions, otherSchools }, files: reports, clean };
}

function findTable(books: Array<{ index: number; book: Workbook }>, table: TableDef) {
  for (const { index, book } of books) {
    const located = locateTable(book, table);
    if (located.ok)
      return { index, table: located.table, issues: located.issues.filter((i) => i.code !== 'column/extra') };
  }
  return undefined;
}

type Report = (issues: Issue[]) => void;

/** Reads each data row with `build`; a row with any row-level issue is left out, a code seen before too. */
function readRows<T>(
  table: LocatedTable,
  codeField: string,
  report: Report,
  build: (
    get: (field: string) => CellValue | undefined,
    flag: (code: IssueCode, field: string) => void,
  ) => T | null,
): T[] {
  const seen = new Map<string, number>();
  const out: T[] = [];
  for (const row of table.rows) {
    const issues: Issue[] = [];
    const get = (field: string) => cellOf(table, row, field);
    const flag = (code: IssueCode, field: string) => issues.push(issueAt(table, row, field, code));
    const record = build(get, flag);
    const code = parseCode(get(codeField));
    if (code && seen.has(code)) flag('registry/duplicate-code', codeField);
    report(issues);
    if (record && code && !issues.some(isRowLevel)) {
      seen.set(code, row.row);
      out.push(record);
    } else if (code && !seen.has(code)) seen.set(code, row.row);
  }
  return out;
}

function cellOf(table: LocatedTable, row: DataRow, field: string): CellValue | undefined {
  const column = table.columns[field];
  return column ? row.cells[column.index] : undefined;
}

function issueAt(table: LocatedTable, row: DataRow, field: string, code: IssueCode): Issue {
  const column = table.columns[field];
  return makeIssue(code, {
    sheet: table.sheet,
    cell: column ? cellAddress(column.index, row.row) : null,
    row: row.row,
    column: column?.header ?? null,
    field,
    value: cellOf(table, row, field) ?? null,
  });
}

function required(
  get: (f: string) => CellValue | undefined,
  flag: (c: IssueCode, f: string) => void,
  field: string,
): string {
  const text = cellText(get(field));
  if (!text) flag('cell/required', field);
  return text;
}

function code(
  get: (f: string) => CellValue | undefined,
  flag: (c: IssueCode, f: string) => void,
  field: string,
): string {
  const value = parseCode(get(field));
  if (value === null) flag(cellText(get(field)) ? 'registry/value-invalid' : 'cell/required', field);
  return value ?? '';
}

function readLaos(table: LocatedTable, reference: Reference, report: Report): LaoRecord[] {
  const provinces = new Set(reference.provinces.map((p) => p.code));
  const paos = new Set<string>();
  return readRows(table, 'lao_code', report, (get, flag) => {
    const province = code(get, flag, 'province_code');
    if (province && !provinces.has(province)) flag('registry/province-unknown', 'province_code');
    const type = parseLaoType(get('lao_type'), reference);
    if (!type) flag('registry/lao-type-unknown', 'lao_type');
    if (type && !typeFitsProvince(type, province, paos)) flag('registry/lao-type-place', 'lao_type');
    return {
      lao_code: code(get, flag, 'lao_code'),
      lao_name: required(get, flag, 'lao_name'),
      lao_type: type ?? '',
      province_code: province,
      district: required(get, flag, 'district'),
    };
  });
}

/** กทม. only in Bangkok (10), เมืองพัทยา only in Chonburi (20), one อบจ. per province. */
function typeFitsProvince(type: string, province: string, paos: Set<string>): boolean {
  if (type === 'bma') return province === '10';
  if (type === 'pattaya') return province === '20';
  if (type !== 'pao') return true;
  if (paos.has(province)) return false;
  paos.add(province);
  return true;
}

function readInstitutions(
  table: LocatedTable,
  laoCodes: ReadonlySet<string>,
  report: Report,
): InstitutionRecord[] {
  return readRows(table, 'institution_code', report, (get, flag) => {
    const kind = parseKind(get('kind'));
    if (!kind) flag('registry/value-invalid', 'kind');
    const rawStatus = cellText(get('status'));
    const status = rawStatus ? parseStatus(get('status')) : 'open';
    if (!status) flag('registry/value-invalid', 'status');
    const lao = code(get, flag, 'lao_code');
    if (lao && !laoCodes.has(lao)) flag('registry/lao-unknown', 'lao_code');
    return {
      institution_code: code(get, flag, 'institution_code'),
      institution_name: required(get, flag, 'institution_name'),
      kind: kind ?? 'school',
      lao_code: lao,
      status: status ?? 'open',
    };
  });
}

function readOtherSchools(
  table: LocatedTable,
  laoCodes: ReadonlySet<string>,
  report: Report,
): OtherSchoolRecord[] {
  return readRows(table, 'school_code', report, (get, flag) => {
    const lao = code(get, flag, 'lao_code');
    if (lao && !laoCodes.has(lao)) flag('registry/lao-unknown', 'lao_code');
    return {
      school_code: code(get, flag, 'school_code'),
      school_name: required(get, flag, 'school_name'),
      affiliation: required(get, flag, 'affiliation'),
      lao_code: lao,
    };
  });
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/u;

/**
 * The optional contact of each accepted LAO (name, e-mail, telephone). When the sheet has the
 * contact columns, a missing e-mail and telephone, or an e-mail that is no address, is a warning:
 * the LAO still loads, and its reminders go by printed letter.
 */
function readContacts(table: LocatedTable, laos: readonly LaoRecord[], report: Report): LaoContactRecord[] {
  // A registry of the older shape, without any contact column, loads as before: no warnings.
  if (!['contact_name', 'contact_email', 'contact_phone'].some((f) => table.columns[f])) return [];
  const accepted = new Set(laos.map((l) => l.lao_code));
  const out: LaoContactRecord[] = [];
  const seen = new Set<string>();
  for (const row of table.rows) {
    const lao = parseCode(cellOf(table, row, 'lao_code'));
    if (!lao || !accepted.has(lao) || seen.has(lao)) continue;
    seen.add(lao);
    const text = (field: string) => cellText(cellOf(table, row, field)).slice(0, 200) || null;
    let email = text('contact_email');
    const phone = text('contact_phone');
    const issues: Issue[] = [];
    if (email && !EMAIL.test(email)) {
      issues.push(issueAt(table, row, 'contact_email', 'registry/contact-invalid'));
      email = null;
    }
    if (!email && !phone) issues.push(issueAt(table, row, 'contact_email', 'registry/contact-missing'));
    report(issues);
    out.push({ lao_code: lao, contact_name: text('contact_name'), email, phone });
  }
  return out;
}
