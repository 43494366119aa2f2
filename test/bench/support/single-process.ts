import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import * as XLSX from 'xlsx';
import { parseSubmission, type ParseContext } from '../../../pipeline/ingest/parse-submission.ts';
import type { Dataset } from './dataset.ts';
import { secondsSince, stageFigures, timed, type StageFigures } from './timing.ts';

/** The baseline: every file read by SheetJS alone, as the issue asks (`dense: true`, nothing else). */
export async function timeSheetJsAlone(dataset: Dataset): Promise<StageFigures> {
  const clock = { seconds: 0 };
  const started = performance.now();
  for (const file of dataset.files) {
    const bytes = await readFile(file.path);
    timed(clock, () => XLSX.read(bytes, { type: 'buffer', dense: true }));
  }
  return stageFigures('SheetJS alone (baseline)', secondsSince(started), counts(dataset), clock.seconds);
}

/** Read, validate and normalise every file with parseSubmission in this one process. */
export async function timeParseAlone(
  dataset: Dataset,
  ctx: ParseContext,
): Promise<{ figures: StageFigures; statuses: Record<string, number> }> {
  const clock = { seconds: 0 };
  const statuses: Record<string, number> = {};
  const started = performance.now();
  for (const file of dataset.files) {
    const bytes = await readFile(file.path);
    const parsed = timed(clock, () => parseSubmission(bytes, file.name, ctx));
    statuses[parsed.status] = (statuses[parsed.status] ?? 0) + 1;
  }
  const figures = stageFigures(
    'parseSubmission alone',
    secondsSince(started),
    counts(dataset),
    clock.seconds,
  );
  return { figures, statuses };
}

function counts(dataset: Dataset): { files: number; rows: number } {
  return { files: dataset.files.length, rows: dataset.rows };
}
