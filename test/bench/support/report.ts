import os from 'node:os';
import type { BigWorkbookFigures } from './big-stage.ts';
import { PEAK_LIMIT_MB } from './big-stage.ts';
import type { Dataset } from './dataset.ts';
import type { EndToEndResult } from './end-to-end.ts';
import type { JobSpan } from './queue-figures.ts';
import { round, type StageFigures } from './timing.ts';

/** The bound for the whole country end to end. */
export const END_TO_END_LIMIT_SECONDS = 120;

/** Every figure of one run: what `--json` prints and the table is made from. */
export interface BenchResult {
  readonly provinces: string;
  readonly data: {
    dir: string;
    files: number;
    rows: number;
    mb: number;
    byFormat: Record<string, number>;
    generatedSeconds: number | null;
  };
  readonly machine: { cores: number; node: string };
  readonly stages: readonly StageFigures[];
  /** Each stage against the SheetJS baseline: time ratio and throughput ratio. */
  readonly ratios: ReadonlyArray<{ stage: string; time: number; throughput: number }>;
  readonly parseAloneStatuses: Record<string, number>;
  readonly endToEnd: EndToEndResult | null;
  readonly bigWorkbook: BigWorkbookFigures;
}

export function datasetFigures(dataset: Dataset): BenchResult['data'] {
  const byFormat: Record<string, number> = {};
  for (const f of dataset.files) byFormat[f.format] = (byFormat[f.format] ?? 0) + 1;
  return {
    dir: dataset.dir,
    files: dataset.files.length,
    rows: dataset.rows,
    mb: round(dataset.bytes / 1024 / 1024, 1),
    byFormat,
    generatedSeconds: dataset.generatedSeconds === null ? null : round(dataset.generatedSeconds, 1),
  };
}

export function machineFigures(): BenchResult['machine'] {
  return { cores: os.availableParallelism(), node: process.version };
}

export function ratiosAgainst(
  baseline: StageFigures,
  stages: readonly StageFigures[],
): BenchResult['ratios'] {
  return stages.map((s) => ({
    stage: s.name,
    time: round(s.seconds / baseline.seconds, 2),
    throughput: round(s.rowsPerSecond / baseline.rowsPerSecond, 2),
  }));
}

/** The compact table printed on stdout. */
export function describeResult(r: BenchResult): string {
  return [
    ...header(r),
    '',
    ...stageTable(r),
    ...(r.endToEnd ? ['', ...endToEndDetail(r.endToEnd)] : ['', 'end to end: skipped (--skip-end-to-end)']),
    '',
    ...bigWorkbookLines(r.bigWorkbook),
    '',
  ].join('\n');
}

function header(r: BenchResult): string[] {
  const formats = Object.entries(r.data.byFormat)
    .map(([f, n]) => `${n} ${f}`)
    .join(', ');
  const generated = r.data.generatedSeconds === null ? 'reused' : `generated in ${r.data.generatedSeconds} s`;
  return [
    `ingest benchmark, provinces ${r.provinces}: ${num(r.data.files)} files (${formats}), ${num(r.data.rows)} rows, ${r.data.mb} MB`,
    `  data ${r.data.dir} (${generated}); ${r.machine.cores} cores, Node ${r.machine.node}`,
  ];
}

function stageTable(r: BenchResult): string[] {
  const head = `${pad('stage', 38)}${lpad('seconds', 9)}${lpad('rows/s', 10)}${lpad('files/s', 9)}${lpad('time ×', 9)}${lpad('rows/s ×', 10)}`;
  const lines = r.stages.map((s, i) => {
    const ratio = r.ratios[i]!;
    return `${pad(s.name, 38)}${lpad(s.seconds.toFixed(1), 9)}${lpad(num(s.rowsPerSecond), 10)}${lpad(s.filesPerSecond.toFixed(1), 9)}${lpad(ratio.time.toFixed(2), 9)}${lpad(ratio.throughput.toFixed(2), 10)}`;
  });
  const compute = r.stages
    .filter((s) => s.computeSeconds !== undefined)
    .map((s) => `${s.name}: ${s.computeSeconds} s in the call, the rest reading files`);
  return [head, ...lines, `  (× = against SheetJS alone in this run; ${compute.join('; ')})`];
}

function endToEndDetail(e: EndToEndResult): string[] {
  const q = e.queue;
  const b = q.loadBatches;
  const verdict = e.figures.seconds < END_TO_END_LIMIT_SECONDS ? 'within' : 'ABOVE';
  return [
    `end to end: ${e.figures.seconds.toFixed(1)} s, ${verdict} the ${END_TO_END_LIMIT_SECONDS} s target; worker concurrency ${e.concurrency}`,
    `  start loader + worker ${e.startSeconds} s, registry ${e.registrySeconds} s (not in the end-to-end time), close ${e.closeSeconds} s`,
    `  reports: ${statusText(e.statuses)}; rows ${num(e.reportedRows.total)} (${num(e.reportedRows.accepted)} accepted, ${num(e.reportedRows.rejected)} rejected)`,
    `  submit (store + enqueue every file): done at ${e.submitSeconds} s`,
    spanLine('register jobs (a wave of files each)', q.register, false, e.figures.files),
    spanLine('parse jobs (a group of files each)', q.parse, true, e.figures.files),
    spanLine('load jobs (a group of files each)', q.load, false, e.figures.files),
    `  load batches: ${b.batches} transactions, ${b.meanFiles} files each on average (max ${b.maxFiles}), from ${b.firstAt} s to ${b.lastAt} s`,
    ...(q.dedup.jobs > 0 ? [spanLine('dedup jobs', q.dedup, true, q.dedup.jobs)] : []),
    `  CPU: main process ${e.cpu.mainSeconds} s (loader, DuckDB, intake: ${share(e.cpu.mainSeconds, e.figures.seconds)} of one core), ` +
      `parse children ${e.cpu.parseChildrenSeconds} s (${share(e.cpu.parseChildrenSeconds, e.figures.seconds * e.concurrency)} of ${e.concurrency} cores)`,
    `  peak RSS: main ${e.rss.mainPeakMb} MB (${e.rss.mainAtStartMb} MB at start, sampled max ${e.rss.mainSampledMaxMb} MB${e.rss.mainPeakReset ? '' : ', peak not reset: includes earlier stages'}), ` +
      `parse children ${e.rss.parseChildPeaksMb.join(' / ')} MB (together at most ${e.rss.parseChildrenTotalMaxMb} MB)`,
    ...e.logged.map((l) => `  logged ${l}`),
  ];
}

/** Register and load jobs wait inside the loader's batches: their own durations say little, so only parse and dedup show them. */
function spanLine(label: string, s: JobSpan, durations: boolean, files: number): string {
  const failed = s.failed > 0 ? `, ${s.failed} FAILED` : '';
  const perJob = s.jobs > 0 && files > s.jobs ? ` (${(files / s.jobs).toFixed(1)} files per job)` : '';
  const busy = durations ? `, busy ${s.busySeconds} s in all (mean ${s.meanMs} ms, max ${s.maxMs} ms)` : '';
  return `  ${label}: ${num(s.jobs)}${perJob}${failed}, from ${s.firstStart} s to ${s.lastEnd} s${busy}`;
}

function bigWorkbookLines(b: BigWorkbookFigures): string[] {
  const w = b.worker;
  const verdict = b.withinLimit
    ? `within the ${PEAK_LIMIT_MB} MB limit`
    : `ABOVE the ${PEAK_LIMIT_MB} MB limit by ${w.peakRssMb - PEAK_LIMIT_MB} MB`;
  return [
    `${num(b.rows)}-row workbook (${b.fileMb} MB, written in ${b.writeSeconds} s), each in its own child (the worker child with the parse children's V8 flags):`,
    `  worker child (parse job body), highest of ${b.workerPeaksMb.length} runs: ${w.seconds} s = read + parse ${w.parseSeconds} s + staging ${w.stageSeconds} s, ${num(w.rowsPerSecond)} rows/s, ${w.status}`,
    `    RSS idle ${w.idleRssMb} MB, peak ${w.peakRssMb} MB (runs: ${b.workerPeaksMb.join(' / ')} MB; ${b.workerSeconds.join(' / ')} s): ${verdict}`,
    childLine('reader-only child (readWorkbook)', b.reader),
    childLine('SheetJS-only child', b.sheetjs),
  ];
}

function childLine(label: string, c: BigWorkbookFigures['sheetjs']): string {
  return `  ${label}: ${c.seconds} s, ${num(c.rowsPerSecond)} rows/s, RSS idle ${c.idleRssMb} MB, peak ${c.peakRssMb} MB`;
}

function share(cpuSeconds: number, capacitySeconds: number): string {
  return `${Math.round((100 * cpuSeconds) / capacitySeconds)} %`;
}

function statusText(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .map(([s, n]) => `${num(n)} ${s}`)
    .join(', ');
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

function lpad(text: string, width: number): string {
  return text.padStart(width);
}
