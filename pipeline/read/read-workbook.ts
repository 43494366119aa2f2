import * as XLSX from 'xlsx';
import { makeIssue, type Issue } from '../issues/issue.ts';
import { decodeText } from './decode-text.ts';
import { limitIssue } from './limit-issue.ts';
import { parseCsvSheet } from './read-csv.ts';
import { readSpreadsheet, type CellBreach, type SpreadsheetResult } from './read-spreadsheet.ts';
import { looksLikeMarkup, sniffContainer } from './sniff-format.ts';
import { partCounter, totalCells, type PartCounts } from './xlsx-part-counts.ts';
import { checkZip, type EntryVisitor, type ZipLimits } from './zip-guard.ts';
import { partKeeper, sheetNamesByPart } from './xlsx-book-parts.ts';
import { readXlsxParts } from './read-xlsx-parts.ts';
import {
  DEFAULT_CELL_LIMITS,
  HEADER_SEARCH_ROWS,
  type CellLimits,
  type ReadLimits,
  type ReadResult,
  type Workbook,
  type WorkbookFormat,
} from './workbook.ts';

const MB = 1024 * 1024;

/**
 * Reads the bytes of one uploaded file into plain sheets. The container is sniffed from the bytes
 * (the name only names the CSV sheet): zip → .xlsx, OLE2 → .xls (or an encrypted .xlsx), text →
 * CSV (UTF-8, UTF-16 or Windows-874) or, when it opens with markup, an HTML/XML "xls".
 *
 * Every failure is an issue, never an exception: `file/too-large`, `file/empty`, `file/encrypted`,
 * `file/unreadable`, `file/too-many-rows` when a sheet reaches past the row cap (maxRows data
 * rows below a header on row 20 at the latest; parseSubmission counts the roster's rows exactly),
 * and `file/over-limit` for the container and cell limits. An .xlsx's value cells and shared
 * strings are counted in its XML before a reader materialises them. A limit's issue names its
 * setting and value.
 */
export function readWorkbook(bytes: Uint8Array, fileName: string, limits: ReadLimits): ReadResult {
  if (bytes.byteLength > limits.maxBytes) {
    const found = `${round(bytes.byteLength / MB, 1)} MB (${bytes.byteLength} ไบต์)`;
    return fail(limitIssue({ limit: 'maxBytes', allowed: String(round(limits.maxBytes / MB, 3)), found }));
  }
  const read: Reading = {
    rowCap: limits.maxRows + HEADER_SEARCH_ROWS + 1,
    maxRows: limits.maxRows,
    cells: limits.cells ?? DEFAULT_CELL_LIMITS,
  };
  const container = sniffContainer(bytes);
  switch (container) {
    case 'empty':
      return fail(makeIssue('file/empty'));
    case 'binary':
      return fail(makeIssue('file/unreadable'));
    case 'cfb':
      if (hasEncryptionInfo(bytes)) return fail(makeIssue('file/encrypted'));
      return readWithSheetJs(bytes, 'xls', read);
    case 'zip':
      return readZip(bytes, limits.zip, read);
    case 'text':
      return readText(bytes, fileName, read);
  }
}

/** The row cap SheetJS reads to, the configured row limit, and the cell limits. */
interface Reading {
  readonly rowCap: number;
  readonly maxRows: number;
  readonly cells: CellLimits;
}

/**
 * An .xlsx: the zip guard inflates its parts once, counting cells and keeping the parts the fast
 * reader reads; a file that reader leaves alone is read by SheetJS as before.
 */
function readZip(bytes: Uint8Array, zip: ZipLimits, read: Reading): ReadResult {
  const counter = partCounter(read.cells.maxCells);
  const keeper = partKeeper();
  const refused = zipRefusal(bytes, zip, bothVisitors(counter, keeper));
  if (refused) return fail(refused);
  // workbook.xml is parsed for sheet names only when a refusal names one; the reader parses it anyway.
  const nameOf = (part: string): string => sheetNamesByPart(keeper.parts).get(part) ?? part;
  const tooMany = countRefusal(counter.counts, nameOf, read);
  if (tooMany) return fail(tooMany);
  const fast = readXlsxParts(keeper.parts, read.rowCap, read.cells);
  return fast ? bookOf(fast, 'xlsx', read) : readWithSheetJs(bytes, 'xlsx', read, true);
}

function bothVisitors(first: EntryVisitor, second: EntryVisitor): EntryVisitor {
  return {
    begin(entries) {
      first.begin(entries);
      second.begin(entries);
    },
    visit(name, inflated) {
      first.visit(name, inflated);
      second.visit(name, inflated);
    },
  };
}

function readText(bytes: Uint8Array, fileName: string, read: Reading): ReadResult {
  const { text } = decodeText(bytes);
  if (looksLikeMarkup(text)) return readWithSheetJs(bytes, 'xls', read);
  const name = baseName(fileName);
  const csv = parseCsvSheet(text, name, read.rowCap, read.cells);
  if (csv.ok) return { ok: true, book: { format: 'csv', sheets: [csv.sheet] } };
  if ('breach' in csv) return fail(cellIssue(csv.breach, read.cells));
  return fail(rowsIssue(name, csv.tooManyRows, read));
}

function readWithSheetJs(
  bytes: Uint8Array,
  format: WorkbookFormat,
  read: Reading,
  rowsCounted = false,
): ReadResult {
  return bookOf(readSpreadsheet(bytes, read.rowCap, read.cells, rowsCounted), format, read);
}

function bookOf(result: SpreadsheetResult, format: WorkbookFormat, read: Reading): ReadResult {
  if (result.ok) {
    const book: Workbook = { format, sheets: result.sheets };
    return { ok: true, book };
  }
  if (result.reason === 'too-many-rows') return fail(rowsIssue(result.sheet, result.rows, read));
  if (result.reason === 'over-limit') return fail(cellIssue(result.breach, read.cells));
  return fail(makeIssue(`file/${result.reason}`));
}

/** A sheet longer than the row cap: its rows in all (title and header rows included) against SIS_MAX_ROWS. */
function rowsIssue(sheet: string, rows: number, read: Reading): Issue {
  return limitIssue({ limit: 'maxRows', allowed: String(read.maxRows), found: `${rows} แถว` }, { sheet });
}

function cellIssue(breach: CellBreach, limits: CellLimits): Issue {
  return limitIssue(
    { limit: breach.limit, allowed: String(limits[breach.limit]), found: String(breach.value) },
    { sheet: breach.sheet, cell: breach.cell },
  );
}

/**
 * An .xlsx with a sheet holding values past the row cap or whose used range (`<dimension>`) reaches
 * past SIS_MAX_COLUMNS, more value cells than SIS_MAX_CELLS in its worksheets, or more entries in
 * its shared-string table, found before it is read.
 */
function countRefusal(
  counts: PartCounts,
  nameOf: (part: string) => string,
  read: Reading,
): Issue | undefined {
  for (const [part, sheet] of counts.sheets) {
    if (sheet.lastRow > read.rowCap) return rowsIssue(nameOf(part), sheet.lastRow, read);
    const end = sheet.dimensionEnd;
    if (end && end.columns > read.cells.maxColumns) {
      const breach = {
        limit: 'maxColumns',
        sheet: nameOf(part),
        cell: end.cell,
        value: end.columns,
      } as const;
      return cellIssue(breach, read.cells);
    }
  }
  const allowed = String(read.cells.maxCells);
  if (counts.sharedStrings > read.cells.maxCells)
    return limitIssue({ limit: 'maxCells', allowed, found: `${counts.sharedStrings} (sharedStrings.xml)` });
  const cells = totalCells(counts);
  if (cells > read.cells.maxCells) return limitIssue({ limit: 'maxCells', allowed, found: String(cells) });
  return undefined;
}

/** Why an .xlsx container may not be inflated at all (a zip bomb, a lying or broken header), if it may not. */
function zipRefusal(bytes: Uint8Array, limits: ZipLimits, visitor: EntryVisitor): Issue | undefined {
  const verdict = checkZip(bytes, limits, visitor);
  if (verdict.ok) return undefined;
  if (verdict.limit === 'corrupt') return makeIssue('file/unreadable');
  if (verdict.limit === 'zip64')
    return makeIssue('file/over-limit', { detail: `ZIP64 (> 4 GB) > SIS_MAX_INFLATED_MB` });
  if (verdict.limit === 'maxInflatedBytes') {
    const allowed = `${limits.maxInflatedBytes / MB} MB`;
    return limitIssue({ limit: 'maxInflatedBytes', allowed, found: `${(verdict.value / MB).toFixed(1)} MB` });
  }
  return limitIssue({
    limit: verdict.limit,
    allowed: String(limits[verdict.limit]),
    found: String(verdict.value),
  });
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** An encrypted .xlsx is an OLE2 container holding `EncryptionInfo` and `EncryptedPackage` streams. */
function hasEncryptionInfo(bytes: Uint8Array): boolean {
  try {
    const container = XLSX.CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      type: 'buffer',
    });
    return container.FullPaths.some((p: string) => /\/EncryptionInfo$/iu.test(p));
  } catch {
    return false;
  }
}

/** `โรงเรียน ก.csv` → `โรงเรียน ก`; paths of either OS are cut to the last segment. */
export function baseName(fileName: string): string {
  const last = fileName.split(/[\\/]/u).pop() ?? fileName;
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(0, dot) : last;
}

function fail(issue: Issue): ReadResult {
  return { ok: false, issue };
}
