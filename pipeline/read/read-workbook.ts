import * as XLSX from 'xlsx';
import { makeIssue, type Issue } from '../issues/issue.ts';
import { decodeText } from './decode-text.ts';
import { parseCsvSheet } from './read-csv.ts';
import { readSpreadsheet } from './read-spreadsheet.ts';
import { looksLikeMarkup, sniffContainer } from './sniff-format.ts';
import { checkZip, type ZipLimits } from './zip-guard.ts';
import {
  HEADER_SEARCH_ROWS,
  type ReadLimits,
  type ReadResult,
  type Workbook,
  type WorkbookFormat,
} from './workbook.ts';

/**
 * Reads the bytes of one uploaded file into plain sheets. The container is sniffed from the bytes
 * (the name only names the CSV sheet): zip → .xlsx, OLE2 → .xls (or an encrypted .xlsx), text →
 * CSV (UTF-8, UTF-16 or Windows-874) or, when it opens with markup, an HTML/XML "xls".
 *
 * Every failure is an issue, never an exception: `file/too-large`, `file/empty`, `file/encrypted`,
 * `file/unreadable`, and `file/too-many-rows` when a sheet reaches past the row cap (maxRows data
 * rows below a header on row 20 at the latest); parseSubmission counts the roster's rows exactly.
 */
export function readWorkbook(bytes: Uint8Array, fileName: string, limits: ReadLimits): ReadResult {
  if (bytes.byteLength > limits.maxBytes) {
    return fail(
      makeIssue('file/too-large', {
        value: bytes.byteLength,
        detail: `${bytes.byteLength} > ${limits.maxBytes} ไบต์`,
      }),
    );
  }
  const rowCap = limits.maxRows + HEADER_SEARCH_ROWS + 1;
  const container = sniffContainer(bytes);
  switch (container) {
    case 'empty':
      return fail(makeIssue('file/empty'));
    case 'binary':
      return fail(makeIssue('file/unreadable'));
    case 'cfb':
      if (hasEncryptionInfo(bytes)) return fail(makeIssue('file/encrypted'));
      return readWithSheetJs(bytes, 'xls', rowCap);
    case 'zip': {
      const refused = zipRefusal(bytes, limits.zip);
      return refused ? fail(refused) : readWithSheetJs(bytes, 'xlsx', rowCap);
    }
    case 'text':
      return readText(bytes, fileName, rowCap);
  }
}

function readText(bytes: Uint8Array, fileName: string, rowCap: number): ReadResult {
  const { text } = decodeText(bytes);
  if (looksLikeMarkup(text)) return readWithSheetJs(bytes, 'xls', rowCap);
  const csv = parseCsvSheet(text, baseName(fileName), rowCap);
  if (!csv.ok) return fail(makeIssue('file/too-many-rows'));
  return { ok: true, book: { format: 'csv', sheets: [csv.sheet] } };
}

function readWithSheetJs(bytes: Uint8Array, format: WorkbookFormat, rowCap: number): ReadResult {
  const result = readSpreadsheet(bytes, rowCap);
  if (!result.ok) return fail(makeIssue(`file/${result.reason}`));
  const book: Workbook = { format, sheets: result.sheets };
  return { ok: true, book };
}

/** Names of the settings behind each zip limit, as the clerk's report and the admin see them. */
const ZIP_LIMIT_SETTING = {
  maxInflatedBytes: 'SIS_MAX_INFLATED_MB',
  maxEntries: 'SIS_MAX_ZIP_ENTRIES',
  maxRatio: 'SIS_MAX_ZIP_RATIO',
} as const;

/** Why an .xlsx container may not be inflated at all (a zip bomb, a lying or broken header), if it may not. */
function zipRefusal(bytes: Uint8Array, limits: ZipLimits): Issue | undefined {
  const verdict = checkZip(bytes, limits);
  if (verdict.ok) return undefined;
  if (verdict.limit === 'corrupt') return makeIssue('file/unreadable');
  if (verdict.limit === 'zip64')
    return makeIssue('file/over-limit', { detail: `ZIP64 (> 4 GB) > ${ZIP_LIMIT_SETTING.maxInflatedBytes}` });
  const setting = ZIP_LIMIT_SETTING[verdict.limit];
  const allowed =
    verdict.limit === 'maxInflatedBytes'
      ? `${limits.maxInflatedBytes / 1024 / 1024} MB`
      : String(limits[verdict.limit]);
  const found =
    verdict.limit === 'maxInflatedBytes'
      ? `${(verdict.value / 1024 / 1024).toFixed(1)} MB`
      : String(verdict.value);
  return makeIssue('file/over-limit', { value: found, detail: `${setting} = ${allowed}, พบ ${found}` });
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
