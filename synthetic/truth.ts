import type { IssueCode } from '../pipeline/issues/codes.ts';
import type { TemplateId } from '../templates/definitions.ts';
import type { DuplicateRule } from './duplicates.ts';
import type { FileFormat, FileLayout } from './layouts.ts';

/**
 * truth.json: what a correct pipeline must find in a generated data set. Written with a fixed key
 * order and pretty-printed, so two runs with one seed give identical bytes.
 */
export interface Truth {
  readonly version: 1;
  readonly seed: number;
  readonly provinces: readonly string[];
  readonly scale: number;
  readonly round: string;
  readonly files: readonly TruthFile[];
  readonly problems: readonly TruthProblem[];
  readonly duplicates: readonly TruthDuplicate[];
  readonly expected: TruthExpected;
  /** Open institutions in the registry that send no file this round. */
  readonly notSubmitted: readonly string[];
}

export interface TruthFile {
  readonly file: string;
  readonly template: TemplateId;
  readonly subjectCode: string;
  readonly format: FileFormat;
  /** Data rows written in the roster (blank rows not counted). */
  readonly rows: number;
  readonly layout: Omit<FileLayout, 'format'>;
}

/** A planted problem and the cell where the pipeline must report it. */
export interface TruthProblem {
  readonly code: IssueCode;
  readonly file: string;
  /** The sheet as Excel shows it (for a CSV, the file name without extension). */
  readonly sheet: string;
  /** A1-style address, e.g. `C14`. */
  readonly cell: string;
  readonly row: number;
  /** Template field key of the column. */
  readonly field: string;
  /** The value written in the cell. */
  readonly value: string | number | null;
}

export interface TruthMember {
  readonly file: string;
  readonly sheet: string;
  readonly row: number;
  readonly institutionCode: string;
  readonly nationalId: string;
  readonly firstName: string;
  readonly lastName: string;
  /** ISO date, CE. */
  readonly birthDate: string;
}

export interface TruthDuplicate {
  readonly rule: DuplicateRule;
  readonly variant: string;
  /** ID typos: 1-based positions of the changed digits (the check digit was then recomputed). */
  readonly positions?: readonly number[];
  readonly members: readonly TruthMember[];
}

export type SexCounts = { M: number; F: number };
/** Counts by grade (schools, other-schools) or age group `2`..`5` (CDCs). */
export type GroupCounts = Record<string, SexCounts>;

export interface TruthExpected {
  readonly institutions: Record<string, GroupCounts>;
  readonly otherSchools: Record<string, GroupCounts>;
}

/** Adds one pupil to a count table. */
export function addCount(
  table: Record<string, GroupCounts>,
  code: string,
  group: string,
  sex: 'M' | 'F',
  n = 1,
): void {
  const groups = (table[code] ??= {});
  const counts = (groups[group] ??= { M: 0, F: 0 });
  counts[sex] += n;
}

/** Rebuilds a count table with keys in the given orders (codes ascending, groups by `groupOrder`). */
export function sortCounts(
  table: Record<string, GroupCounts>,
  groupOrder: (group: string) => number,
): Record<string, GroupCounts> {
  const out: Record<string, GroupCounts> = {};
  for (const code of Object.keys(table).sort()) {
    const groups = table[code]!;
    const sorted: GroupCounts = {};
    for (const group of Object.keys(groups).sort(
      (a, b) => groupOrder(a) - groupOrder(b) || (a < b ? -1 : 1),
    )) {
      const c = groups[group]!;
      sorted[group] = { M: c.M, F: c.F };
    }
    out[code] = sorted;
  }
  return out;
}

/**
 * The truth as written: two-space indented JSON ending with a newline, with arrays of plain
 * values (headers, column keys, ID positions) kept on one line so the file stays readable.
 */
export function serialiseTruth(truth: Truth): string {
  return `${prettyJson(truth, '')}\n`;
}

function prettyJson(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object'))
      return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    return `[\n${value.map((v) => `${inner}${prettyJson(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner)}`).join(',\n')}\n${indent}}`;
}
