import type { SoakOutcome } from '../../support/soak/run-soak.ts';
import type { ProcessFigures } from './process-tree.ts';
import { mb } from './rss.ts';
import { round } from './timing.ts';

/** What the soak measured: the figures `npm run soak` prints (and `--json` writes). */
export interface SoakFigures {
  readonly uploads: number;
  readonly answers: Record<string, number>;
  readonly drafts: number;
  /** Drafts whose institution sent its final file later in the night. */
  readonly draftsCorrected: number;
  readonly failures: number;
  /** From the first upload sent to the last file finished. */
  readonly seconds: number;
  readonly uploadsPerSecond: number;
  /** Files parsed and loaded (answered `queued`), their rows, per second of the same span. */
  readonly parsedFiles: number;
  readonly parsedFilesPerSecond: number;
  readonly rows: number;
  readonly rowsPerSecond: number;
  readonly outcomes: Record<string, number>;
  readonly answerMs: Percentiles;
  /** Upload sent (first attempt) → its file finished in the warehouse, for files answered `queued`. */
  readonly acceptedMs: Percentiles;
  readonly tooManyRequests: number;
  readonly uploadsRefusedAtLeastOnce: number;
  readonly sequential: { readonly files: number; readonly seconds: number; readonly rowsPerSecond: number };
  readonly tablesCompared: number;
  readonly tablesEqual: number;
  readonly different: readonly string[];
  readonly historyEqual: boolean;
  readonly processes: ReadonlyArray<{ label: string; peakMb: number; cpuSeconds: number }>;
  /** Rows loaded per CPU second of the server process (loader, web app, intake). */
  readonly rowsPerServerCpuSecond: number;
}

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export function soakFigures(outcome: SoakOutcome, processes: readonly ProcessFigures[]): SoakFigures {
  const { records } = outcome.upload;
  const queued = records.filter((r) => r.answer === 'queued');
  const parsedIds = new Set(queued.map((r) => r.submissionId));
  const finishedAt = (id: number) => outcome.stored.get(id)?.finishedAt ?? null;
  const lastFinished = Math.max(...records.map((r) => finishedAt(r.submissionId) ?? r.answeredAt));
  const seconds = (lastFinished - outcome.upload.startedAt) / 1000;
  const rows = sum([...parsedIds].map((id) => outcome.stored.get(id)?.rowsTotal ?? 0));
  const sequentialRows = sum([...outcome.stored.values()].filter((s) => s.isCurrent).map((s) => s.rowsTotal));
  const server = processes.find((p) => p.label === 'server');
  return {
    uploads: records.length,
    answers: countBy(records.map((r) => r.answer)),
    drafts: records.filter((r) => r.version === 'draft').length,
    draftsCorrected: correctedDrafts(records),
    failures: outcome.upload.failures.length,
    seconds: round(seconds, 1),
    uploadsPerSecond: round(records.length / seconds, 1),
    parsedFiles: parsedIds.size,
    parsedFilesPerSecond: round(parsedIds.size / seconds, 1),
    rows,
    rowsPerSecond: Math.round(rows / seconds),
    outcomes: countBy([...parsedIds].map((id) => outcome.stored.get(id)?.status ?? 'missing')),
    answerMs: percentiles(records.map((r) => r.answeredAt - r.sentAt)),
    acceptedMs: percentiles(
      queued.flatMap((r) => {
        const at = finishedAt(r.submissionId);
        return at === null ? [] : [at - r.sentAt];
      }),
    ),
    tooManyRequests: sum(records.map((r) => r.tooManyRequests)),
    uploadsRefusedAtLeastOnce: records.filter((r) => r.tooManyRequests > 0).length,
    sequential: {
      files: outcome.finalFiles.size,
      seconds: round(outcome.sequentialSeconds, 1),
      rowsPerSecond: Math.round(sequentialRows / outcome.sequentialSeconds),
    },
    tablesCompared: outcome.comparison.tables.filter((t) => !t.history).length,
    tablesEqual: outcome.comparison.tables.filter((t) => !t.history && t.equal).length,
    different: outcome.comparison.different,
    historyEqual: outcome.comparison.finalState.equal,
    processes: processes.map((p) => ({
      label: p.label,
      peakMb: mb(p.peakBytes),
      cpuSeconds: round(p.cpuSeconds, 1),
    })),
    rowsPerServerCpuSecond: server && server.cpuSeconds > 0 ? Math.round(rows / server.cpuSeconds) : 0,
  };
}

export function describeSoak(f: SoakFigures, header: string): string {
  const children = f.processes.filter((p) => p.label.includes('parse child'));
  const mains = f.processes.filter((p) => !p.label.includes('parse child'));
  return [
    header,
    `  uploads answered 202: ${num(f.uploads)} (${entries(f.answers)}; ${num(f.drafts)} drafts, ${num(f.draftsCorrected)} of them corrected later), failed: ${f.failures}`,
    `  429 answers: ${num(f.tooManyRequests)} (${num(f.uploadsRefusedAtLeastOnce)} uploads refused at least once, each sent again after Retry-After)`,
    `  from the first upload to the last file finished: ${f.seconds} s`,
    `  throughput: ${f.uploadsPerSecond} uploads/s; parsed and loaded ${num(f.parsedFiles)} files (${entries(f.outcomes)}), ${f.parsedFilesPerSecond} files/s, ${num(f.rows)} rows, ${num(f.rowsPerSecond)} rows/s`,
    `  latency, upload sent → 202: p50 ${ms(f.answerMs.p50)}, p95 ${ms(f.answerMs.p95)}, max ${ms(f.answerMs.max)} (429 waits included)`,
    `  latency, upload sent → file finished (accepted, partial or rejected): p50 ${ms(f.acceptedMs.p50)}, p95 ${ms(f.acceptedMs.p95)}, max ${ms(f.acceptedMs.max)}`,
    `  sequential sis ingest of the ${num(f.sequential.files)} final files and one duplicate-detection run (the baseline, after the soak's processes stopped): ${f.sequential.seconds} s, ${num(f.sequential.rowsPerSecond)} rows/s; the soak's rows/s is ${round(f.rowsPerSecond / f.sequential.rowsPerSecond, 2)}× that`,
    `  warehouse vs sequential ingest: ${f.tablesEqual} of ${f.tablesCompared} tables equal${f.different.length ? ` — DIFFERENT: ${f.different.join(', ')}` : ''}; upload history (current files, their issues, completeness): ${f.historyEqual ? 'equal' : 'DIFFERENT'}`,
    `  peak RSS (VmHWM) and CPU per process:`,
    ...mains.map(
      (p) =>
        `    ${p.label.padEnd(12)} ${String(p.peakMb).padStart(5)} MB  ${String(p.cpuSeconds).padStart(7)} s CPU`,
    ),
    `    parse children: ${children.length}, peak ${children.map((c) => c.peakMb).join(' / ')} MB, CPU ${round(sum(children.map((c) => c.cpuSeconds)), 1)} s in all`,
    `  loader side: ${num(f.rowsPerServerCpuSecond)} rows per CPU second of the server process (loader, web app, intake)`,
    '',
  ].join('\n');
}

/** Drafts followed, later in the night, by their institution's final file. */
function correctedDrafts(records: SoakOutcome['upload']['records']): number {
  const finalLater = new Set<string>();
  let corrected = 0;
  for (const r of [...records].reverse()) {
    if (r.version === 'final') finalLater.add(r.key);
    else if (finalLater.has(r.key)) corrected += 1;
  }
  return corrected;
}

function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function entries(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, n]) => `${num(n)} ${k}`)
    .join(', ');
}

function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}
