import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { configToEnv, parseConfig, runtimePaths } from '../../../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR, type Reference, type Round } from '../../../pipeline/reference/reference.ts';
import { putBlob } from '../../../pipeline/storage/blob-store.ts';
import { PARSE_CHILD_V8_FLAGS } from '../../../workers/v8-flags.js';
import { writeBigWorkbook } from './big-workbook.ts';
import type { BigWorkbookAnswer } from './big-workbook-child.ts';
import { runChild } from './child.ts';
import { GOALS } from './goals.ts';
import { mb } from './rss.ts';
import { round, secondsSince } from './timing.ts';

/** Issue 16's bound for one parse child on a 50,000-row workbook (the earlier bound was 400 MB). */
export const PEAK_LIMIT_MB = GOALS.bigWorkbookChildMb;

export interface BigWorkbookFigures {
  readonly rows: number;
  readonly fileMb: number;
  readonly writeSeconds: number;
  /** The worker-like child: parse job body (read + validate + normalise + staging); the run with the highest peak. */
  readonly worker: ChildFigures & {
    readonly parseSeconds: number;
    readonly stageSeconds: number;
    readonly status: string;
  };
  /** Peak RSS of each worker-like run. */
  readonly workerPeaksMb: readonly number[];
  /** Wall seconds of each worker-like run, in the order run. */
  readonly workerSeconds: readonly number[];
  /** A child that only runs the reader (SheetJS plus the copy into plain rows). */
  readonly reader: ChildFigures;
  /** A child that only runs SheetJS on the same bytes. */
  readonly sheetjs: ChildFigures;
  readonly withinLimit: boolean;
}

interface ChildFigures {
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly idleRssMb: number;
  readonly peakRssMb: number;
}

/**
 * Writes the big workbook, then runs it through a worker-like child `runs` times (its peak moves
 * by tens of MB with GC timing), once through a reader-only and once through a SheetJS-only child.
 */
export async function runBigWorkbook(
  reference: Reference,
  roundDef: Round,
  rows: number,
  runs: number,
): Promise<BigWorkbookFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sis-bench-big-'));
  try {
    const config = parseConfig({ ...process.env, SIS_DATA_DIR: dir }, SHIPPED_REFERENCE_DIR);
    const file = path.join(dir, 'big-school.xlsx');
    const started = performance.now();
    const bytes = await writeBigWorkbook(file, rows, reference, roundDef);
    const writeSeconds = secondsSince(started);
    const sha256 = await putBlob(runtimePaths(config).uploads, await readFile(file));
    const env = { ...process.env, ...configToEnv(config) };
    const script = new URL('./big-workbook-child.ts', import.meta.url);
    // The worker-like child starts with a parse child's V8 flags; the reader-only and SheetJS-only
    // children with Node's defaults, as before.
    const run = (mode: string) =>
      runChild<BigWorkbookAnswer>(
        script,
        [mode, file, sha256],
        env,
        mode === 'parse' ? PARSE_CHILD_V8_FLAGS : [],
      );
    const workers: BigWorkbookAnswer[] = [];
    for (let i = 0; i < runs; i++) workers.push(await run('parse'));
    const worker = workers.reduce((a, b) => (b.peakRss > a.peakRss ? b : a));
    const reader = await run('read');
    const sheetjs = await run('sheetjs');
    const workerFigures = {
      ...childFigures(worker, rows),
      parseSeconds: round(worker.parseSeconds ?? 0, 2),
      stageSeconds: round(worker.stageSeconds ?? 0, 2),
      status: `${worker.status ?? '?'} (${worker.rows ?? 0} rows)`,
    };
    return {
      rows,
      fileMb: round(bytes / 1024 / 1024, 1),
      writeSeconds: round(writeSeconds, 1),
      worker: workerFigures,
      workerPeaksMb: workers.map((w) => mb(w.peakRss)),
      workerSeconds: workers.map((w) => round(w.seconds, 2)),
      reader: childFigures(reader, rows),
      sheetjs: childFigures(sheetjs, rows),
      withinLimit: workerFigures.peakRssMb <= PEAK_LIMIT_MB,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function childFigures(answer: BigWorkbookAnswer, rows: number): ChildFigures {
  return {
    seconds: round(answer.seconds, 2),
    rowsPerSecond: Math.round(rows / answer.seconds),
    idleRssMb: mb(answer.idleRss),
    peakRssMb: mb(answer.peakRss),
  };
}
