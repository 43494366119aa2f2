/**
 * Builds test files independently of the reader under test (which reads with SheetJS):
 * - .xlsx is literal SpreadsheetML zipped by hand (synthetic/xlsx-literal.ts, which the generator
 *   writes its .xlsx with too), no spreadsheet library;
 * - CSV bytes in UTF-8 (with or without BOM) and Windows-874 are built by hand here;
 * - the encrypted-workbook shell is an OLE2 container built by hand (./ole2.ts).
 *
 * The one exception is legacy .xls (BIFF8), which tests ask for with `bookType: 'biff8'`: ExcelJS
 * cannot write it and a hand-made BIFF8 writer would be a project of its own, so that format alone
 * is written with SheetJS. A test on .xls therefore shares its writer with the reader: keep what
 * .xls tests check to what every .xlsx test also checks through the independent writer.
 */
import * as XLSX from 'xlsx';
import type { TemplateDef } from '../../templates/definitions.ts';
import { ole2Container } from './ole2.ts';
import { writeLiteralXlsx } from '../../synthetic/xlsx-literal.ts';

/** A cell: a `Date` becomes a real date cell (its calendar day in UTC). */
export type Cell = string | number | boolean | Date | null;
export type Rows = Cell[][];

export interface SheetSpec {
  readonly name: string;
  readonly rows: Rows;
  readonly hidden?: boolean;
}

/** Writes sheets to workbook bytes; null cells are left empty. */
export function writeWorkbook(sheets: readonly SheetSpec[], bookType: 'xlsx' | 'biff8' = 'xlsx'): Uint8Array {
  if (bookType === 'xlsx') return writeLiteralXlsx(sheets);
  const book = XLSX.utils.book_new();
  for (const sheet of sheets)
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(sheet.rows, { UTC: true }), sheet.name);
  book.Workbook = { Sheets: sheets.map((s) => ({ Hidden: s.hidden ? 1 : 0 })) };
  return new Uint8Array(XLSX.write(book, { type: 'buffer', bookType }) as Buffer);
}

/** Roster rows by field key, written under the template's Thai headers. */
export type RecordRow = Readonly<Record<string, Cell>>;

export interface TemplateFileSpec {
  /** Info values by field key (institution_code, academic_year, term, teachers …). */
  readonly info: Readonly<Record<string, Cell>>;
  readonly rows: readonly RecordRow[];
  /** Header texts replacing the Thai ones, by field key; null drops the column. */
  readonly headers?: Readonly<Record<string, string | null>>;
  /** Rows above the header row (titles). */
  readonly titleRows?: Rows;
  readonly stamp?: boolean;
  readonly bookType?: 'xlsx' | 'biff8';
}

/** A filled workbook laid out as the blank template: info sheet (label, value, key hint), roster, stamp. */
export function writeTemplateFile(template: TemplateDef, spec: TemplateFileSpec): Uint8Array {
  const infoRows: Rows = template.info.fields.map((f) => [f.th, spec.info[f.key] ?? null, f.key]);
  const columns = template.roster.columns.filter((c) => spec.headers?.[c.key] !== null);
  const header = columns.map((c) => spec.headers?.[c.key] ?? c.th);
  const body = spec.rows.map((r) => columns.map((c) => r[c.key] ?? null));
  const sheets: SheetSpec[] = [
    { name: template.info.name, rows: infoRows },
    { name: template.roster.sheet, rows: [...(spec.titleRows ?? []), header, ...body] },
  ];
  if (spec.stamp !== false)
    sheets.push({ name: '_template', rows: [[template.id, template.version]], hidden: true });
  return writeWorkbook(sheets, spec.bookType);
}

/** CSV text from rows: fields with commas, quotes or line breaks are quoted. */
export function csvText(rows: Rows): string {
  const quote = (cell: Cell) => {
    const text = cell === null ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
    return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** Encodes text as UTF-8 (optionally with a BOM) or Windows-874 (Thai U+0E01–U+0E5B → 0xA1–0xFB). */
export function encodeText(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'windows-874'): Uint8Array {
  if (encoding !== 'windows-874') {
    const body = new TextEncoder().encode(text);
    return encoding === 'utf-8' ? body : new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
  }
  return new Uint8Array(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) return code;
      if (code >= 0x0e01 && code <= 0x0e5b) return code - 0x0e01 + 0xa1;
      throw new Error(`not encodable in Windows-874 by this helper: ${ch}`);
    }),
  );
}

/** An OLE2 container shaped like a password-protected .xlsx (EncryptionInfo + EncryptedPackage). */
export function encryptedWorkbookBytes(): Uint8Array {
  return ole2Container([
    ['EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0])],
    ['EncryptedPackage', new Uint8Array(4096).fill(7)],
  ]);
}
