import { makeIssue, type Issue } from '../issues/issue.ts';
import { normaliseRows } from '../normalise/normalise-rows.ts';
import { emptyRows, type SubmissionRows } from '../normalise/submission-rows.ts';
import type { Reference } from '../reference/reference.ts';
import type { LocatedTable } from '../read/located-table.ts';
import { locateTable, type LocateResult } from '../read/locate-table.ts';
import { limitIssue } from '../read/limit-issue.ts';
import { readInfoSheet } from '../read/read-info-sheet.ts';
import { readWorkbook } from '../read/read-workbook.ts';
import type { ReadLimits, Workbook, WorkbookFormat } from '../read/workbook.ts';
import { validateRows } from '../validate/validate-rows.ts';
import type { TemplateDef } from '../../templates/definitions.ts';
import { decideStatus, type SubmissionStatus } from './decide-status.ts';
import { detectTemplate } from './detect-template.ts';
import { metaFromFirstRow, metaFromInfoSheet, type MetaSource } from './meta-source.ts';
import { rosterWithInfoColumns } from './roster-with-info.ts';
import { sortIssues } from './sort-issues.ts';
import { resolveMeta, type MetaOptions, type ResolvedMeta, type SubmissionMeta } from './submission-meta.ts';

/** What parsing one file needs: reference tables, upload limits, and metadata the file may lack. */
export interface ParseContext {
  readonly reference: Reference;
  readonly limits: ReadLimits;
  readonly options?: MetaOptions;
}

/** Everything the pure core learns from one file; the loader adds the database's checks. */
export interface ParsedSubmission {
  readonly status: SubmissionStatus;
  readonly format: WorkbookFormat | null;
  /** The template the file was made from; null when the file could not be read or recognised. */
  readonly template: TemplateDef | null;
  readonly meta: SubmissionMeta;
  /** Accepted rows by warehouse table; all empty when the file is rejected. */
  readonly rows: SubmissionRows;
  /** Every issue, file-level first, then in sheet, row and column order. */
  readonly issues: readonly Issue[];
  /** Non-blank data rows under the header (other-schools: schools, not counts). */
  readonly rowsTotal: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
}

const NO_META: SubmissionMeta = {
  subjectCode: null,
  academicYear: null,
  term: null,
  roundId: null,
  facts: { teachers: null, classrooms: null, caregivers: null },
};

/**
 * Bytes of one uploaded file in, normalised rows and issues out: read → detect template →
 * locate the roster → read metadata → validate cells → cross-field rules → outcome. Pure: no
 * clock, file or database. Registry, window and G-code-province checks are the loader's.
 */
export function parseSubmission(bytes: Uint8Array, fileName: string, ctx: ParseContext): ParsedSubmission {
  const read = readWorkbook(bytes, fileName, ctx.limits);
  if (!read.ok) return rejected(null, null, NO_META, [read.issue]);
  const detected = detectTemplate(read.book);
  if (!detected.ok) return rejected(read.book, null, NO_META, [detected.issue]);
  return parseTemplate(read.book, detected.template, ctx);
}

function parseTemplate(book: Workbook, template: TemplateDef, ctx: ParseContext): ParsedSubmission {
  const located = locateTable(book, rosterWithInfoColumns(template));
  const read = readMetaSource(book, template, located);
  const resolved = resolveMeta(template, read.source, ctx.options ?? {}, ctx.reference);
  const early = [...located.issues, ...metaIssues(resolved, read, template)];
  if (!located.ok) return rejected(book, template, resolved.meta, early);
  const table = located.table;
  if (table.rows.length > ctx.limits.maxRows) {
    const tooMany = limitIssue(
      { limit: 'maxRows', allowed: String(ctx.limits.maxRows), found: String(table.rows.length) },
      { sheet: table.sheet },
    );
    return rejected(book, template, resolved.meta, [...early, tooMany]);
  }
  const checked = checkRows(table, template, ctx, resolved);
  const issues = sortIssues(
    [...early, ...checked.issues],
    book.sheets.map((s) => s.name),
  );
  const status = decideStatus(issues, checked.rowsAccepted, checked.rowsRejected);
  return {
    status,
    format: book.format,
    template,
    meta: resolved.meta,
    rows: status === 'rejected' ? emptyRows() : checked.rows,
    issues,
    rowsTotal: checked.rowsTotal,
    rowsAccepted: checked.rowsAccepted,
    rowsRejected: checked.rowsRejected,
  };
}

interface CheckedRows {
  readonly rows: SubmissionRows;
  readonly issues: Issue[];
  readonly rowsTotal: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
}

/** Validates and normalises the roster's rows, adding `file/empty` or `file/all-rows-rejected`. */
function checkRows(
  table: LocatedTable,
  template: TemplateDef,
  ctx: ParseContext,
  resolved: ResolvedMeta,
): CheckedRows {
  const validation = validateRows(table, template.roster, ctx.reference);
  const normalised = normaliseRows(template, validation, {
    reference: ctx.reference,
    academicYear: resolved.meta.academicYear,
    round: resolved.round,
  });
  const rowsTotal = table.rows.length;
  const rowsRejected = validation.rowsRejected + normalised.rowsRejected;
  const rowsAccepted = rowsTotal - rowsRejected;
  const issues = [
    ...validation.issues,
    ...normalised.issues,
    ...completeness(table.sheet, rowsTotal, rowsAccepted),
  ];
  return { rows: normalised.rows, issues, rowsTotal, rowsAccepted, rowsRejected };
}

/** Where the metadata was found, and the info sheet's absence when a workbook lacks it. */
interface MetaRead {
  readonly source: MetaSource;
  readonly sheetMissing: readonly Issue[];
}

/** Metadata from the info sheet, else the roster's first row (CSV, or a workbook without info sheet). */
function readMetaSource(book: Workbook, template: TemplateDef, located: LocateResult): MetaRead {
  const keys = template.info.fields.map((f) => f.key);
  const fromRows = located.ok ? metaFromFirstRow(located.table, keys) : {};
  if (book.format === 'csv') return { source: fromRows, sheetMissing: [] };
  const info = readInfoSheet(book, template.info);
  if (!info.ok) return { source: fromRows, sheetMissing: info.issues };
  return { source: { ...fromRows, ...metaFromInfoSheet(info.info) }, sheetMissing: [] };
}

/**
 * The metadata issues: bad values, an unknown round, and for each required field found nowhere
 * `file/metadata-missing` (in a workbook without its info sheet, that sheet's `file/sheet-missing`).
 */
function metaIssues(resolved: ResolvedMeta, read: MetaRead, template: TemplateDef): Issue[] {
  if (resolved.missing.length === 0) return resolved.issues;
  if (read.sheetMissing.length > 0) return [...resolved.issues, ...read.sheetMissing];
  const missing = resolved.missing.map((key) => {
    const label = template.info.fields.find((f) => f.key === key)?.th ?? key;
    return makeIssue('file/metadata-missing', {
      ...(read.source[key] ?? {}),
      value: null,
      field: key,
      detail: label,
    });
  });
  return [...resolved.issues, ...missing];
}

function completeness(sheet: string, rowsTotal: number, rowsAccepted: number): Issue[] {
  if (rowsTotal === 0) return [makeIssue('file/empty', { sheet })];
  return rowsAccepted === 0
    ? [makeIssue('file/all-rows-rejected', { sheet, detail: `${rowsTotal} แถว` })]
    : [];
}

function rejected(
  book: Workbook | null,
  template: TemplateDef | null,
  meta: SubmissionMeta,
  issues: Issue[],
): ParsedSubmission {
  const sorted = sortIssues(issues, book?.sheets.map((s) => s.name) ?? []);
  return {
    status: 'rejected',
    format: book?.format ?? null,
    template,
    meta,
    rows: emptyRows(),
    issues: sorted,
    rowsTotal: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
  };
}
