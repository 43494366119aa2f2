import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findRound, type Reference } from '../../pipeline/reference/reference.ts';
import { generateDataset, type GenerateSummary } from '../../synthetic/generate.ts';
import type { Truth, TruthFile } from '../../synthetic/truth.ts';
import { directorySink } from '../../synthetic/write-files.ts';

export interface DatasetRequest {
  readonly provinces: readonly string[];
  readonly scale: number;
  readonly seed: number;
  readonly round?: string;
  readonly errorRate?: number;
  readonly duplicateRate?: number;
}

export interface GeneratedDataset {
  /** The folder holding `registry.xlsx`, `files/…` and `truth.json`. */
  readonly root: string;
  readonly truth: Truth;
  readonly summary: GenerateSummary;
}

/** Generates a synthetic data set into a new temporary folder (the caller removes `root`). */
export async function generateTempDataset(
  reference: Reference,
  request: DatasetRequest,
): Promise<GeneratedDataset> {
  const roundId = request.round ?? '2569-2';
  const round = findRound(reference, roundId);
  if (!round) throw new Error(`round ${roundId} is not in the reference data`);
  const root = await mkdtemp(path.join(os.tmpdir(), 'sis-dataset-'));
  const summary = await generateDataset(
    {
      seed: request.seed,
      provinces: request.provinces,
      scale: request.scale,
      errorRate: request.errorRate ?? 0.02,
      duplicateRate: request.duplicateRate ?? 0.01,
      round,
    },
    reference,
    directorySink(root),
  );
  const truth = JSON.parse(await readFile(path.join(root, 'truth.json'), 'utf8')) as Truth;
  return { root, truth, summary };
}

/** A located issue as one comparable string: file, sheet, cell and code. */
export function issueKey(file: string, sheet: string | null, cell: string | null, code: string): string {
  return `${file} | ${sheet ?? '-'} | ${cell ?? '-'} | ${code}`;
}

/** An issue as a test compares it with the truth; `file` is the truth's path or the bare file name. */
export interface FoundIssue {
  readonly file: string;
  readonly severity: string;
  readonly code: string;
  readonly sheet: string | null;
  readonly cell: string | null;
}

/**
 * The warnings a correct pipeline gives on generated files where truth.json plants no problem.
 * Each follows from how the file was laid out, which truth.json records: nothing else may appear.
 * - `column/extra`: the layout adds a column the template lacks (ลำดับ, หมายเหตุ, ชื่อผู้ปกครอง…);
 * - `cell/id-stored-as-number`: the layout types IDs as numbers, so Excel would have dropped a
 *   leading 0 the reader restores.
 */
export const LAYOUT_WARNINGS: Readonly<Record<string, (layout: TruthFile['layout']) => boolean>> = {
  'column/extra': (layout) => layout.extraColumn !== null,
  'cell/id-stored-as-number': (layout) => layout.idStyle === 'number',
};

/**
 * Precision against the truth: every issue that is neither planted at its cell nor a documented
 * warning of its file's layout, as `issueKey` strings with the severity in front.
 */
export function unplantedIssues(truth: Truth, found: readonly FoundIssue[]): string[] {
  const byName = new Map(truth.files.map((f) => [path.basename(f.file), f]));
  const planted = new Set(
    truth.problems.map((p) => issueKey(path.basename(p.file), p.sheet, p.cell, p.code)),
  );
  return found
    .filter((issue) => {
      const name = path.basename(issue.file);
      if (planted.has(issueKey(name, issue.sheet, issue.cell, issue.code))) return false;
      const layout = byName.get(name)?.layout;
      const documented = LAYOUT_WARNINGS[issue.code];
      return !(issue.severity === 'warning' && layout !== undefined && documented?.(layout) === true);
    })
    .map((issue) => `${issue.severity} ${issueKey(issue.file, issue.sheet, issue.cell, issue.code)}`);
}
