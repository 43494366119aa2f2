import type { CellValue } from '../cell-value.ts';
import { richText, type SharedStrings } from './xlsx-shared-strings.ts';
import { isPlain, unescapeRaw, unescapeXml } from './xml-text.ts';

/** A sheet's rows as the readers hand them over: `rows[i]` is Excel row i+1; a row may be empty. */
export type SheetRows = (readonly CellValue[])[];

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const EQUALS = 0x3d;

/** Excel's error texts SheetJS knows; any other error cell reads as `#ERROR`. */
const ERROR_TEXTS: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
]);
const UNKNOWN_ERROR = '#ERROR';
const EMPTY_ROW: readonly CellValue[] = Object.freeze([]);

/** Thrown inside the scan when the part holds what the fast reader leaves to SheetJS. */
class LeaveToSheetJs extends Error {}

/** Thrown inside the scan by a cell whose own address is past the row cap (its 1-based row). */
class PastRowCap extends Error {
  constructor(readonly row: number) {
    super(`row ${row}`);
  }
}

/** A sheet with a cell past the row cap: the row it names. */
export interface SheetPastRowCap {
  readonly pastRowCap: number;
}

/** The most rows and columns an Excel sheet has (`XFD1048576`). */
const EXCEL_ROWS = 1_048_576;
const EXCEL_COLUMNS = 16_384;

/**
 * The value cells of one worksheet part, read from its bytes in one pass, exactly as SheetJS in
 * dense mode reads them (with `cellDates: false` and `sheetRows: rowCap`): shared, inline and
 * formula strings as text, numbers as numbers (date cells as their serial), booleans, Excel's
 * error texts; cells without a value left out; rows past `rowCap` skipped. Null when the part
 * holds what this reader leaves to SheetJS (namespace prefixes, date-typed cells, a shared-string
 * index SheetJS would fail on), and when a cell's own address lies past Excel's last column or
 * the rows would hold more cells than the budget: SheetJS names the limit such a file breaks before
 * it builds its rows, while this reader would build them first. A cell whose own address lies past
 * Excel's last row (in a row tag that does not) is answered as a sheet past the row cap: SheetJS
 * would build every row up to it. Rows and cells within those bounds are built, and the caller
 * checks the configured limits on them as SheetJS's rows are checked.
 */
export function readSheetCells(
  xml: Uint8Array,
  strings: SharedStrings,
  rowCap: number,
  budget: { cells: number },
): SheetRows | SheetPastRowCap | null {
  const data = sheetDataBounds(xml);
  if (data === null) return null;
  try {
    const scan = new SheetScan(xml, strings, rowCap, budget);
    scan.run(data.start, data.end);
    return scan.rows;
  } catch (error) {
    if (error instanceof LeaveToSheetJs) return null;
    if (error instanceof PastRowCap) return { pastRowCap: error.row };
    throw error;
  }
}

/** Where `<sheetData>`'s content lies; empty for a sheet without one; null for a prefixed one. */
function sheetDataBounds(xml: Uint8Array): { start: number; end: number } | null {
  const bytes = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  const open = bytes.indexOf('<sheetData');
  if (open < 0) return bytes.indexOf(':sheetData') < 0 ? { start: 0, end: 0 } : null;
  const close = bytes.indexOf(GT, open);
  if (close < 0) return null;
  if (xml[close - 1] === SLASH) return { start: 0, end: 0 };
  const end = bytes.indexOf('</sheetData>', close);
  return end < 0 ? null : { start: close + 1, end };
}

/** An element's body as [start, end) in the part; start -1 when it is empty. */
type Body = [number, number];

/** What a cell holds, as the scan finds it. */
interface CellContent {
  value: Body | null;
  inline: Body | null;
  end: number;
}

/** A tag's end, whether it closes itself, and where its `r` and `t` values lie (-1 when absent). */
interface Tag {
  end: number;
  selfClosing: boolean;
  rStart: number;
  rEnd: number;
  tStart: number;
  tEnd: number;
}

class SheetScan {
  /** Rows SheetJS would create: every row up to the last holding a cell, empty ones shared. */
  readonly rows: CellValue[][] = [];
  private rowNumber = 0;
  private column = -1;
  private skipping = false;
  private placeRow = 0;
  private placeColumn = 0;
  private readonly tag: Tag = { end: 0, selfClosing: false, rStart: -1, rEnd: -1, tStart: -1, tEnd: -1 };
  private readonly xml: Buffer;

  constructor(
    xml: Uint8Array,
    private readonly strings: SharedStrings,
    private readonly rowCap: number,
    /** Cells the rows may still take (value cells and the empty ones before them in a row). */
    private readonly budget: { cells: number },
  ) {
    this.xml = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  }

  run(start: number, end: number): void {
    const xml = this.xml;
    let at = start;
    while (at < end) {
      const lt = nextByte(xml, LT, at, end);
      if (lt < 0) return;
      const next = xml[lt + 1];
      if (next === 0x63 && isNameEnd(xml[lt + 2])) at = this.cell(lt + 2);
      else if (next === 0x72 && xml[lt + 2] === 0x6f && xml[lt + 3] === 0x77 && isNameEnd(xml[lt + 4]))
        at = this.row(lt + 4);
      else if (isPrefixed(xml, lt + 1)) throw new LeaveToSheetJs();
      else at = nextByte(xml, GT, lt, end) + 1 || end;
    }
  }

  /** `<row …>`: a self-closed row holds nothing and, as in SheetJS, is not counted. */
  private row(from: number): number {
    const tag = this.readTag(from);
    if (tag.selfClosing) return tag.end;
    const r =
      tag.rStart < 0 ? this.rowNumber + 1 : parseInt(this.xml.toString('latin1', tag.rStart, tag.rEnd), 10);
    if (Number.isNaN(r)) throw new LeaveToSheetJs();
    this.rowNumber = r;
    this.column = -1;
    this.skipping = r > this.rowCap;
    return tag.end;
  }

  private cell(from: number): number {
    const tag = this.readTag(from);
    const type = cellType(this.xml, tag.tStart, tag.tEnd);
    this.place(tag.rStart, tag.rEnd);
    const content: CellContent = { value: null, inline: null, end: tag.end };
    if (!tag.selfClosing) this.cellContent(tag.end, content);
    if (this.skipping || this.placeRow < 0 || this.placeColumn < 0) return content.end;
    const value = this.value(type, content.value, content.inline);
    if (value !== undefined) this.store(this.placeRow, this.placeColumn, value);
    return content.end;
  }

  /** The cell's `<v>` and `<is>` bodies (the first of each), and where its `</c>` ends. */
  private cellContent(from: number, content: CellContent): void {
    const xml = this.xml;
    const length = xml.length;
    let at = from;
    for (;;) {
      const lt = nextByte(xml, LT, at, length);
      if (lt < 0) throw new LeaveToSheetJs();
      const a = xml[lt + 1];
      const b = xml[lt + 2];
      if (a === SLASH && b === 0x63 && xml[lt + 3] === GT) {
        content.end = lt + 4;
        return;
      }
      if (a === 0x76 && (b === GT || b === 0x20) && content.value === null) {
        content.value = this.valueBody(lt + 2);
        at = content.value[1];
      } else if (a === 0x69 && b === 0x73 && isNameEnd(xml[lt + 3]) && content.inline === null) {
        content.inline = this.inlineBody(lt + 3);
        at = content.inline[1];
      } else at = lt + 1;
    }
  }

  /** A `<v>`'s body, which holds no markup (CDATA is left to SheetJS). */
  private valueBody(from: number): Body {
    const xml = this.xml;
    const gt = nextByte(xml, GT, from, xml.length);
    if (gt < 0) throw new LeaveToSheetJs();
    if (xml[gt - 1] === SLASH) return [-1, gt];
    const close = nextByte(xml, LT, gt, xml.length);
    if (close < 0 || xml[close + 1] !== SLASH || xml[close + 2] !== 0x76 || xml[close + 3] !== GT)
      throw new LeaveToSheetJs();
    return close === gt + 1 ? [-1, close] : [gt + 1, close];
  }

  /** An `<is>`'s body (its runs), up to its `</is>`. */
  private inlineBody(from: number): Body {
    const xml = this.xml;
    const gt = nextByte(xml, GT, from, xml.length);
    if (gt < 0) throw new LeaveToSheetJs();
    if (xml[gt - 1] === SLASH) return [-1, gt];
    const close = xml.indexOf('</is>', gt, 'latin1');
    if (close < 0) throw new LeaveToSheetJs();
    return close === gt + 1 ? [-1, close] : [gt + 1, close];
  }

  /** The cell's row and column: from its `r` (as SheetJS decodes it), else the next column of the row. */
  private place(start: number, end: number): void {
    const xml = this.xml;
    if (start < 0) {
      this.column++;
      this.placeRow = this.rowNumber - 1;
      this.placeColumn = this.column;
      return;
    }
    let letters = 0;
    for (let i = start; i < end; i++) {
      const code = xml[i]! - 64;
      if (code < 1 || code > 26) break;
      letters = letters * 26 + code;
    }
    this.column = letters - 1;
    let row = 0;
    let column = 0;
    for (let i = start; i < end; i++) {
      const code = xml[i]!;
      if (code >= 48 && code <= 57) row = row * 10 + code - 48;
      else if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    }
    this.placeRow = row - 1;
    this.placeColumn = column - 1;
  }

  /** The value SheetJS gives the cell, null for one it keeps without a value, undefined for one it leaves out. */
  private value(type: CellType, body: Body | null, inline: Body | null): CellValue | undefined {
    const start = body === null ? -1 : body[0];
    const end = body === null ? -1 : body[1];
    switch (type) {
      case 'n':
        return start < 0 ? undefined : this.number(start, end);
      case 's':
        return start < 0 ? undefined : this.sharedString(start, end);
      case 'str':
        return start < 0 ? '' : this.formulaText(start, end);
      case 'inlineStr':
        return inline === null || inline[0] < 0
          ? ''
          : (richText(this.xml.toString('latin1', inline[0], inline[1])) ?? null);
      case 'b': {
        const text = start < 0 ? undefined : this.rawText(start, end);
        return text === '1' || text === 'true';
      }
      case 'e': {
        const text = start < 0 ? undefined : this.rawText(start, end);
        return text !== undefined && ERROR_TEXTS.has(text) ? text : UNKNOWN_ERROR;
      }
      case 'd':
        throw new LeaveToSheetJs();
      case 'other':
        return null;
    }
  }

  private number(start: number, end: number): number {
    const digits = digitsValue(this.xml, start, end);
    return digits >= 0 ? digits : parseFloat(this.rawText(start, end));
  }

  private sharedString(start: number, end: number): CellValue {
    let index = digitsValue(this.xml, start, end);
    if (index < 0) index = parseInt(this.rawText(start, end), 10);
    // SheetJS fails on an index past its table; leave the whole file to it.
    if (!(index >= 0 && index < this.strings.length)) throw new LeaveToSheetJs();
    return this.strings[index] ?? null;
  }

  /**
   * A `t="str"` cell: SheetJS unescapes its raw bytes, decodes UTF-8, then unescapes again. Its
   * decoder keeps the low byte of a character a reference made (`&#3585;` → 0x01), as this does.
   */
  private formulaText(start: number, end: number): string {
    if (isPlain(this.xml, start, end)) return this.xml.toString('utf8', start, end);
    const once = unescapeRaw(this.xml.toString('latin1', start, end));
    return unescapeXml(Buffer.from(once, 'latin1').toString('utf8'));
  }

  /** The `<v>` text as SheetJS holds it before typing: one-byte characters, unescaped. */
  private rawText(start: number, end: number): string {
    const text = this.xml.toString('latin1', start, end);
    return isPlain(this.xml, start, end) ? text : unescapeRaw(text);
  }

  private store(row: number, column: number, value: CellValue): void {
    if (row >= EXCEL_ROWS) throw new PastRowCap(row + 1);
    if (column >= EXCEL_COLUMNS) throw new LeaveToSheetJs();
    const rows = this.rows;
    while (rows.length < row) rows.push(EMPTY_ROW as CellValue[]);
    let cells = rows[row];
    if (cells === undefined || cells === EMPTY_ROW) {
      cells = [];
      rows[row] = cells;
    }
    if (column >= cells.length) {
      this.budget.cells -= column + 1 - cells.length;
      if (this.budget.cells < 0) throw new LeaveToSheetJs();
    }
    while (cells.length < column) cells.push(null);
    cells[column] = value;
  }

  /** Reads where `r` and `t` of the tag whose name ends at `from` lie, up to its `>` (quotes respected). */
  private readTag(from: number): Tag {
    const xml = this.xml;
    const length = xml.length;
    const tag = this.tag;
    tag.rStart = tag.tStart = -1;
    let at = from;
    for (;;) {
      while (at < length && xml[at]! <= 0x20) at++;
      const c = xml[at];
      if (c === undefined) throw new LeaveToSheetJs();
      if (c === GT || c === SLASH) break;
      const nameStart = at;
      while (at < length && xml[at] !== EQUALS && xml[at]! > 0x20 && xml[at] !== GT) at++;
      const nameEnd = at;
      while (at < length && xml[at]! <= 0x20) at++;
      if (xml[at] !== EQUALS) throw new LeaveToSheetJs();
      at++;
      while (at < length && xml[at]! <= 0x20) at++;
      const quote = xml[at];
      if (quote !== QUOTE && quote !== APOSTROPHE) throw new LeaveToSheetJs();
      const valueEnd = nextByte(xml, quote, at + 1, length);
      if (valueEnd < 0) throw new LeaveToSheetJs();
      if (nameEnd - nameStart === 1) {
        const name = xml[nameStart];
        if (name === 0x72) [tag.rStart, tag.rEnd] = [at + 1, valueEnd];
        else if (name === 0x74) [tag.tStart, tag.tEnd] = [at + 1, valueEnd];
      }
      at = valueEnd + 1;
    }
    const gt = nextByte(xml, GT, at, length);
    if (gt < 0) throw new LeaveToSheetJs();
    tag.selfClosing = xml[gt - 1] === SLASH;
    tag.end = gt + 1;
    return tag;
  }
}

/** A cell's `t`, as far as SheetJS tells the types apart (an empty or missing `t` is a number). */
type CellType = 'n' | 's' | 'str' | 'inlineStr' | 'b' | 'e' | 'd' | 'other';

function cellType(xml: Buffer, start: number, end: number): CellType {
  if (start < 0 || end === start) return 'n';
  if (end - start === 1) {
    const c = xml[start];
    if (c === 0x73) return 's';
    if (c === 0x6e) return 'n';
    if (c === 0x62) return 'b';
    if (c === 0x65) return 'e';
    if (c === 0x64) return 'd';
    return 'other';
  }
  const text = xml.toString('latin1', start, end);
  return text === 'str' || text === 'inlineStr' ? text : 'other';
}

/** After a tag's name: a space, `>` or `/`. */
function isNameEnd(byte: number | undefined): boolean {
  return byte === 0x20 || byte === GT || byte === SLASH || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** `<x:c`, `</x:row`: markup in a namespace prefix, which this reader does not follow. */
function isPrefixed(xml: Uint8Array, from: number): boolean {
  let at = xml[from] === SLASH ? from + 1 : from;
  while (at < xml.length) {
    const c = xml[at]!;
    if (c === 0x3a) return true;
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f))
      return false;
    at++;
  }
  return false;
}

/** The first `byte` at or after `from`, before `end`; -1 when there is none. */
function nextByte(xml: Uint8Array, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (xml[i] === byte) return i;
  return -1;
}

/** The value of 1 to 15 ASCII digits, or -1 for anything else (left to parseFloat / parseInt). */
function digitsValue(xml: Uint8Array, start: number, end: number): number {
  if (end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = xml[i]! - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
