/**
 * Writes .xlsx containers part by part as literal XML strings, zipped by hand ({@link zipBytes}):
 * for test files no spreadsheet library would write (a million rows in compact XML, a shared-string
 * table of millions, a cell of 50 MB, external links, macros) and whose every byte the test knows.
 */
import { zipBytes, type ZipEntrySpec } from './zip-bytes.ts';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

export interface HandSheet {
  readonly name: string;
  /** What goes inside `<sheetData>`: `<row>` elements. */
  readonly rowsXml: string;
  /** Elements after `<sheetData>` (`<mergeCells>`…) or before it when `head` (`<dimension>`, `<sheetViews>`). */
  readonly tail?: string;
  readonly head?: string;
  readonly state?: 'hidden' | 'veryHidden';
}

export interface HandBook {
  readonly sheets: readonly HandSheet[];
  /** The whole `<sst>` part, when the sheets refer to shared strings. */
  readonly sharedStringsXml?: string;
  /** Markup after `<sheets>` in workbook.xml (`<definedNames>`, `<externalReferences>`). */
  readonly workbookTail?: string;
  /** Extra relationships of the workbook, `[type, target]` (external links, vbaProject). */
  readonly workbookRels?: ReadonlyArray<readonly [type: string, target: string]>;
  /** Extra entries as they are (a vbaProject.bin, an external link part, a nested zip). */
  readonly extra?: readonly ZipEntrySpec[];
  /** The content type of the workbook part (a macro-enabled one for .xlsm). */
  readonly workbookContentType?: string;
  /** Store every entry uncompressed (a big file that is quick to write). */
  readonly stored?: boolean;
}

const text = (s: string) => new TextEncoder().encode(s);

/** The zip entries of a hand-written workbook, in the order Excel writes them. */
export function handXlsxEntries(book: HandBook): ZipEntrySpec[] {
  const sheetRels = book.sheets.map((_, i) => ['worksheet', `worksheets/sheet${i + 1}.xml`] as const);
  const rels = [
    ...sheetRels,
    ...(book.sharedStringsXml ? [['sharedStrings', 'sharedStrings.xml'] as const] : []),
  ];
  const sheetsXml = book.sheets
    .map(
      (s, i) =>
        `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
    )
    .join('');
  return [
    { name: '[Content_Types].xml', data: text(contentTypes(book)) },
    { name: '_rels/.rels', data: text(relsXml([['officeDocument', 'xl/workbook.xml']])) },
    {
      name: 'xl/workbook.xml',
      data: text(
        `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${sheetsXml}</sheets>${book.workbookTail ?? ''}</workbook>`,
      ),
    },
    { name: 'xl/_rels/workbook.xml.rels', data: text(relsXml([...rels, ...(book.workbookRels ?? [])])) },
    ...book.sheets.map((s, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: text(
        `<worksheet xmlns="${NS}" xmlns:r="${REL}">${s.head ?? ''}<sheetData>${s.rowsXml}</sheetData>${s.tail ?? ''}</worksheet>`,
      ),
    })),
    ...(book.sharedStringsXml ? [{ name: 'xl/sharedStrings.xml', data: text(book.sharedStringsXml) }] : []),
    ...(book.extra ?? []),
  ];
}

/** The bytes of a hand-written workbook. */
export function handXlsx(book: HandBook): Uint8Array {
  const entries = handXlsxEntries(book);
  return zipBytes(book.stored ? entries.map((e) => ({ ...e, stored: true })) : entries);
}

function contentTypes(book: HandBook): string {
  const main = book.workbookContentType ?? `${CT}.sheet.main+xml`;
  const sheets = book.sheets
    .map(
      (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`,
    )
    .join('');
  const sst = book.sharedStringsXml
    ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>`
    : '';
  return (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${main}"/>${sheets}${sst}</Types>`
  );
}

function relsXml(targets: ReadonlyArray<readonly [type: string, target: string]>): string {
  const items = targets
    .map(([type, target], i) => {
      const external = /^[a-z]+:/u.test(target) ? ' TargetMode="External"' : '';
      const full = type.startsWith('http') ? type : `${REL}/${type}`;
      return `<Relationship Id="rId${i + 1}" Type="${full}" Target="${escapeXml(target)}"${external}/>`;
    })
    .join('');
  return `<Relationships xmlns="${PKG}">${items}</Relationships>`;
}

/** A shared-string table of the given texts. */
export function sharedStringsXml(texts: readonly string[]): string {
  const items = texts.map((t) => `<si><t xml:space="preserve">${escapeXml(t)}</t></si>`).join('');
  return `<sst xmlns="${NS}" count="${texts.length}" uniqueCount="${texts.length}">${items}</sst>`;
}

/** One row of cells from column A: numbers as `<v>`, strings inline (`t="inlineStr"`), null left out. */
export function rowXml(row: number, cells: readonly (string | number | null)[]): string {
  const body = cells
    .map((cell, c) => {
      if (cell === null) return '';
      const ref = `${columnName(c)}${row}`;
      if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
      return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell)}</t></is></c>`;
    })
    .join('');
  return `<row r="${row}">${body}</row>`;
}

/** `0` → `A`, `25` → `Z`, `26` → `AA`. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export function escapeXml(value: string): string {
  return value.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}
