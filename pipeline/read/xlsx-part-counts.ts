import type { EntryVisitor } from './zip-guard.ts';

/** What the parts of an .xlsx would make a reader materialise, counted in their XML before it does. */
export interface PartCounts {
  /** Per worksheet part: its value cells (0 when too few to matter), and the last row holding a value. */
  readonly sheets: Map<string, SheetCounts>;
  /** Entries of the shared-string table. */
  sharedStrings: number;
}

/** One worksheet part's counts. */
export interface SheetCounts {
  /** Value cells; 0 when the worksheets are too small together to matter. */
  readonly cells: number;
  /** The number of the last row holding a value. */
  readonly lastRow: number;
  /** The last cell of the `<dimension>` Excel writes (`XFD1048576`), when there is one. */
  readonly dimensionEnd: { readonly cell: string; readonly columns: number } | null;
}

const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/u;
const SHARED_STRINGS_PART = 'xl/sharedStrings.xml';
const VALUE_TAGS = ['<v>', '<is>'] as const;
const ENTRY_TAGS = ['<si>', '<si ', '<si/>'] as const;
/** The fewest bytes a value cell (`<c><v></v></c>`) and a shared string (`<si/>`) take. */
const MIN_CELL_BYTES = 14;
const MIN_ENTRY_BYTES = 5;

/**
 * Counts, for the parts of an .xlsx as the zip guard inflates them, the value cells and the last
 * row holding a value of each worksheet, and the entries of the shared-string table: a spreadsheet
 * reader turns each cell and string into an object (and reads every row of a sheet without a
 * `<dimension>`), so a file with millions of them must be refused before it is read. Cells without
 * a value (formatting only) are not counted: the reader skips them. Worksheets too small together
 * to hold more than `maxCells` are not searched (at the default, a roster of 100,000 rows of the
 * template is not), and a search stops past `maxCells`: a larger file pays ~0.25 µs per cell for
 * it, against some 3 µs for the reader to read one.
 */
export function partCounter(maxCells: number): { counts: PartCounts } & EntryVisitor {
  const counts: PartCounts = { sheets: new Map(), sharedStrings: 0 };
  let countCells = false;
  return {
    counts,
    begin(entries) {
      let worksheetBytes = 0;
      for (const entry of entries) if (WORKSHEET_PART.test(entry.name)) worksheetBytes += entry.declared;
      countCells = worksheetBytes / MIN_CELL_BYTES > maxCells;
    },
    visit(name, xml) {
      const buffer = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
      if (name === SHARED_STRINGS_PART)
        counts.sharedStrings =
          buffer.byteLength / MIN_ENTRY_BYTES > maxCells ? countTags(buffer, ENTRY_TAGS, maxCells) : 0;
      else if (WORKSHEET_PART.test(name))
        counts.sheets.set(name, {
          cells: countCells ? countTags(buffer, VALUE_TAGS, maxCells) : 0,
          lastRow: lastValueRow(buffer),
          dimensionEnd: dimensionEnd(buffer),
        });
    },
  };
}

/** Occurrences of each needle in the buffer, summed, up to just past `stopAfter`. */
function countTags(buffer: Buffer, needles: readonly string[], stopAfter = Infinity): number {
  let total = 0;
  for (const needle of needles) {
    for (
      let at = buffer.indexOf(needle);
      at >= 0 && total <= stopAfter;
      at = buffer.indexOf(needle, at + needle.length)
    )
      total++;
  }
  return total;
}

/** The row number of the last `<row>` holding a value: its `r` attribute, else its position. */
function lastValueRow(buffer: Buffer): number {
  const lastValue = Math.max(...VALUE_TAGS.map((tag) => buffer.lastIndexOf(tag)));
  if (lastValue < 0) return 0;
  const rowStart = buffer.lastIndexOf('<row', lastValue);
  if (rowStart < 0) return 0;
  const tag = buffer.toString('latin1', rowStart, Math.min(buffer.byteLength, rowStart + 200));
  const r = /^<row\b[^>]*?\sr="(\d+)"/u.exec(tag)?.[1];
  return r === undefined ? countTags(buffer.subarray(0, rowStart + 1), ['<row>', '<row ']) : Number(r);
}

/** The end of the sheet's `<dimension ref="A1:XFD10"/>`, which Excel writes before the cells. */
function dimensionEnd(buffer: Buffer): SheetCounts['dimensionEnd'] {
  const at = buffer.indexOf('<dimension');
  if (at < 0 || at > 4096) return null;
  const tag = buffer.toString('latin1', at, Math.min(buffer.byteLength, at + 200));
  const end = /^<dimension\b[^>]*?\sref="(?:[A-Z]+\d+:)?([A-Z]{1,3})(\d+)"/u.exec(tag);
  if (!end) return null;
  return { cell: `${end[1]}${end[2]}`, columns: columnNumber(end[1]!) };
}

/** `A` → 1, `XFD` → 16384. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Total of every worksheet's value cells (0 for a part too small to matter). */
export function totalCells(counts: PartCounts): number {
  let total = 0;
  for (const sheet of counts.sheets.values()) total += sheet.cells;
  return total;
}
