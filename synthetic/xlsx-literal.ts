import { zipEntries } from './zip.ts';

/**
 * Writes .xlsx files as literal SpreadsheetML, the way Excel lays them out (shared strings, a
 * styles part, one XML part per sheet), with no spreadsheet library: the reader uses SheetJS, and
 * a generated or test file written by SheetJS could hide a reader bug behind a matching writer bug.
 * Same sheets in → same bytes out (no document dates are written).
 *
 * Cell types survive as Excel stores them: a string is a shared string (an ID keeps its leading
 * zero), a number a number, a boolean `t="b"`, a `Date` a real date cell (a serial day number in
 * the 1900 date system under the built-in date format 14, `m/d/yyyy`, its calendar day read in
 * UTC), and `{ t: 'n', v, z }` a number shown with the number format `z` (e.g. `dd/mm/yyyy`).
 */
export type LiteralCell = string | number | boolean | Date | FormattedNumber | null;

/** A number cell with a display format, as a clerk's date cell is stored. */
export interface FormattedNumber {
  readonly t: 'n';
  readonly v: number;
  readonly z: string;
}

export interface LiteralSheet {
  readonly name: string;
  readonly rows: readonly (readonly LiteralCell[])[];
  readonly hidden?: boolean;
}

const DAY_MS = 86_400_000;
const EXCEL_DAY_ZERO_MS = Date.UTC(1899, 11, 30);
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Style 1 is a date: built-in number format 14; custom formats follow from style 2, ids from 164. */
const DATE_STYLE = 1;
const FIRST_CUSTOM_FORMAT = 164;

/** The bytes of an .xlsx holding the sheets in order; null cells are left out. */
export function writeLiteralXlsx(sheets: readonly LiteralSheet[]): Uint8Array {
  const strings = new SharedStrings();
  const formats = new NumberFormats();
  const sheetParts = sheets.map((sheet) => sheetXml(sheet.rows, strings, formats));
  return zipEntries([
    ['[Content_Types].xml', contentTypes(sheets.length)],
    ['_rels/.rels', rels([['officeDocument', 'xl/workbook.xml']])],
    ['xl/workbook.xml', workbookXml(sheets)],
    [
      'xl/_rels/workbook.xml.rels',
      rels([
        ...sheets.map((_, i) => ['worksheet', `worksheets/sheet${i + 1}.xml`] as const),
        ['styles', 'styles.xml'],
        ['sharedStrings', 'sharedStrings.xml'],
      ]),
    ],
    ...sheetParts.map((xml, i) => [`xl/worksheets/sheet${i + 1}.xml`, xml] as const),
    ['xl/styles.xml', formats.stylesXml()],
    ['xl/sharedStrings.xml', strings.xml()],
  ]);
}

function contentTypes(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`,
  ).join('');
  return (
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>${sheets}` +
    `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/></Types>`
  );
}

function rels(targets: ReadonlyArray<readonly [type: string, target: string]>): string {
  const items = targets
    .map(
      ([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/${type}" Target="${target}"/>`,
    )
    .join('');
  return `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">${items}</Relationships>`;
}

function workbookXml(sheets: readonly LiteralSheet[]): string {
  const items = sheets
    .map(
      (s, i) =>
        `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`,
    )
    .join('');
  return `${XML_DECL}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>${items}</sheets></workbook>`;
}

/** The custom number formats met while writing, each with its cell style. */
class NumberFormats {
  private readonly styles = new Map<string, number>();

  styleOf(format: string): number {
    let style = this.styles.get(format);
    if (style === undefined) {
      style = DATE_STYLE + 1 + this.styles.size;
      this.styles.set(format, style);
    }
    return style;
  }

  stylesXml(): string {
    const formats = [...this.styles.keys()];
    const numFmts =
      formats.length === 0
        ? ''
        : `<numFmts count="${formats.length}">${formats
            .map((f, i) => `<numFmt numFmtId="${FIRST_CUSTOM_FORMAT + i}" formatCode="${escapeXml(f)}"/>`)
            .join('')}</numFmts>`;
    const xf = (numFmtId: number) =>
      `<xf numFmtId="${numFmtId}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`;
    const cellXfs = [
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
      xf(14),
      ...formats.map((_, i) => xf(FIRST_CUSTOM_FORMAT + i)),
    ];
    return (
      `${XML_DECL}<styleSheet xmlns="${NS}">${numFmts}` +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${cellXfs.length}">${cellXfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    );
  }
}

function sheetXml(
  rows: readonly (readonly LiteralCell[])[],
  strings: SharedStrings,
  formats: NumberFormats,
): string {
  let lastRow = 0;
  let lastCol = 0;
  const body: string[] = [];
  rows.forEach((row, r) => {
    const cells: string[] = [];
    row.forEach((cell, c) => {
      if (cell === null) return;
      cells.push(cellXml(`${columnName(c)}${r + 1}`, cell, strings, formats));
      lastCol = Math.max(lastCol, c + 1);
    });
    if (cells.length === 0) return;
    lastRow = r + 1;
    body.push(`<row r="${r + 1}">${cells.join('')}</row>`);
  });
  const ref = lastRow === 0 ? 'A1' : `A1:${columnName(lastCol - 1)}${lastRow}`;
  return `${XML_DECL}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><dimension ref="${ref}"/><sheetData>${body.join('')}</sheetData></worksheet>`;
}

function cellXml(
  address: string,
  cell: Exclude<LiteralCell, null>,
  strings: SharedStrings,
  formats: NumberFormats,
): string {
  if (typeof cell === 'string') return `<c r="${address}" t="s"><v>${strings.index(cell)}</v></c>`;
  if (typeof cell === 'boolean') return `<c r="${address}" t="b"><v>${cell ? 1 : 0}</v></c>`;
  if (typeof cell === 'number') return `<c r="${address}"><v>${finite(cell)}</v></c>`;
  if (!(cell instanceof Date))
    return `<c r="${address}" s="${formats.styleOf(cell.z)}"><v>${finite(cell.v)}</v></c>`;
  const serial = (cell.getTime() - EXCEL_DAY_ZERO_MS) / DAY_MS;
  if (!(serial >= 61)) throw new Error(`date before March 1900 or invalid: ${cell.toISOString()}`);
  return `<c r="${address}" s="${DATE_STYLE}"><v>${serial}</v></c>`;
}

function finite(n: number): number {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return n;
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

class SharedStrings {
  private readonly ids = new Map<string, number>();
  private readonly items: string[] = [];
  private uses = 0;

  index(text: string): number {
    this.uses++;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.items.length;
      this.ids.set(text, id);
      const space = /^\s|\s$/u.test(text) ? ' xml:space="preserve"' : '';
      this.items.push(`<si><t${space}>${escapeXml(text)}</t></si>`);
    }
    return id;
  }

  xml(): string {
    return `${XML_DECL}<sst xmlns="${NS}" count="${this.uses}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

/** Escapes text for XML; characters XML 1.0 cannot carry are refused rather than mangled. */
function escapeXml(text: string): string {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/u.test(text))
    throw new Error(`text holds a character XML cannot carry: ${JSON.stringify(text)}`);
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}
