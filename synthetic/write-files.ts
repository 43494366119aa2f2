import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { SisError } from '../pipeline/errors.ts';
import { REGISTRY_INSTITUTIONS, REGISTRY_LAOS, REGISTRY_OTHER_SCHOOLS } from '../templates/registry.ts';
import type { OutCell } from './layouts.ts';
import type { ProvinceRegistry } from './model.ts';
import type { RenderedFile, RenderedSheet } from './render-file.ts';
import { writeLiteralXlsx } from './xlsx-literal.ts';

/**
 * Encodes a rendered file: .xlsx as literal SpreadsheetML (./xlsx-literal.ts: no spreadsheet
 * library, so the reader's library never wrote what it reads), CSV in Windows-874 or UTF-8 with a
 * BOM, and legacy .xls (BIFF8) through SheetJS with fixed document dates, the one format we have
 * no independent writer for. Bytes depend only on the content.
 */
export function encodeRenderedFile(rendered: RenderedFile, documentDate: Date): Uint8Array {
  const { format, encoding } = rendered.layout;
  if (format === 'csv') {
    const text = toCsv(rendered.sheets[0]?.rows ?? []);
    return encoding === 'windows-874'
      ? encodeWindows874(text)
      : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  }
  return encodeWorkbook(rendered.sheets, format === 'xls' ? 'biff8' : 'xlsx', documentDate);
}

/** The registry workbook: the three sheets of templates/registry.ts, Thai headers in row 1, codes as text. */
export function encodeRegistry(registries: readonly ProvinceRegistry[], documentDate: Date): Uint8Array {
  const header = (columns: typeof REGISTRY_LAOS.columns) => columns.map((c) => c.th);
  const laos: OutCell[][] = [header(REGISTRY_LAOS.columns)];
  const institutions: OutCell[][] = [header(REGISTRY_INSTITUTIONS.columns)];
  const others: OutCell[][] = [header(REGISTRY_OTHER_SCHOOLS.columns)];
  for (const registry of registries) {
    for (const lao of registry.laos)
      laos.push([
        lao.code,
        lao.name,
        lao.typeAbbr,
        lao.provinceCode,
        lao.district,
        // Every synthetic LAO has a contact, so reminders go by e-mail (addresses of a reserved domain).
        `งานการศึกษา ${lao.name}`,
        `lao${lao.code}@example.go.th`,
        `0${lao.provinceCode}000000`,
      ]);
    for (const inst of registry.institutions)
      institutions.push([inst.code, inst.name, inst.kind, inst.laoCode, inst.status]);
    for (const school of registry.otherSchools)
      others.push([school.code, school.name, school.affiliation, school.laoCode]);
  }
  return encodeWorkbook(
    [
      { name: REGISTRY_LAOS.sheet, rows: laos, hidden: false },
      { name: REGISTRY_INSTITUTIONS.sheet, rows: institutions, hidden: false },
      { name: REGISTRY_OTHER_SCHOOLS.sheet, rows: others, hidden: false },
    ],
    'xlsx',
    documentDate,
  );
}

function encodeWorkbook(
  sheets: readonly RenderedSheet[],
  bookType: 'xlsx' | 'biff8',
  documentDate: Date,
): Uint8Array {
  if (bookType === 'xlsx') return writeLiteralXlsx(sheets);
  const book = XLSX.utils.book_new();
  for (const sheet of sheets) {
    XLSX.utils.book_append_sheet(
      book,
      XLSX.utils.aoa_to_sheet(sheet.rows as unknown[][], { dense: true }),
      sheet.name,
    );
  }
  book.Workbook = { Sheets: sheets.map((s) => ({ name: s.name, Hidden: s.hidden ? 1 : 0 })) };
  book.Props = { CreatedDate: documentDate, ModifiedDate: documentDate };
  return XLSX.write(book, { type: 'buffer', bookType, compression: true }) as Buffer;
}

/** RFC 4180 text with CRLF line ends, as Excel saves it. */
function toCsv(rows: readonly OutCell[][]): string {
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const lines = rows.map((row) => {
    const cells: string[] = [];
    for (let i = 0; i < width; i++) cells.push(csvField(row[i] ?? null));
    return cells.join(',');
  });
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(cell: OutCell): string {
  if (cell === null) return '';
  const text = typeof cell === 'object' ? String(cell.v) : String(cell);
  return /[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** Windows-874 (TIS-620 plus Windows extras): ASCII as is, Thai U+0E01–U+0E5B as bytes 0xA1–0xFB. */
export function encodeWindows874(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) out[i] = code;
    else if (code >= 0x0e01 && code <= 0x0e5b) out[i] = code - 0x0e01 + 0xa1;
    else throw new SisError('internal/bug', `character U+${code.toString(16)} has no Windows-874 byte`);
  }
  return out;
}

/** Where generated files go: creates folders on first use. */
export interface FileSink {
  writeFile(relativePath: string, bytes: Uint8Array): Promise<void>;
}

export function directorySink(root: string): FileSink {
  const made = new Set<string>();
  return {
    async writeFile(relativePath, bytes) {
      const target = path.join(root, ...relativePath.split('/'));
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
      await writeFile(target, bytes);
    },
  };
}
