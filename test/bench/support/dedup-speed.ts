import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { closeDatabase, openDatabase } from '../../../pipeline/db/database.ts';
import { measureNaiveBaseline, type NaiveBaseline } from './dedup-naive.ts';
import { generateSpeedRound, SPEED_ROUND } from './dedup-speed-data.ts';
import type { SpeedRunOutput } from './dedup-speed-run.ts';

const RUNNER = fileURLToPath(new URL('./dedup-speed-run.ts', import.meta.url));
const run = promisify(execFile);

export interface SpeedSize {
  readonly rows: number;
  readonly generateSeconds: number;
  /** One per run, each in its own process: every run is cold and has its own peak memory. */
  readonly outputs: readonly SpeedRunOutput[];
}

export interface SpeedOptions {
  readonly sizes: readonly number[];
  readonly threads: number;
  /** Dedup runs per size, each in a fresh process (cold: nothing cached from an earlier run). */
  readonly runs: number;
  /** DuckDB `memory_limit` for the timed runs (e.g. `2GB`); empty keeps DuckDB's default (80 % of RAM). */
  readonly memoryLimit: string;
  /** Rows in the naive baseline's sample; 0 skips it. */
  readonly naiveRows: number;
  readonly log: (line: string) => void;
  /** Called as each size finishes, before the next one is generated. */
  readonly onSize?: (size: SpeedSize) => void;
}

export interface SpeedOutcome {
  readonly sizes: readonly SpeedSize[];
  /** Measured on a sample of the smallest size. */
  readonly naive: NaiveBaseline | null;
}

/**
 * For each size: generates the speed round into a fresh warehouse, then times dedup in a child
 * process (so its peak memory is its own). The naive baseline runs on a sample of the first size.
 */
export async function measureSpeed(options: SpeedOptions): Promise<SpeedOutcome> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sis-bench-dedup-speed-'));
  const sizes: SpeedSize[] = [];
  let naive: NaiveBaseline | null = null;
  try {
    for (const rows of options.sizes) {
      const file = path.join(dir, `speed-${rows}.duckdb`);
      options.log(`generating ${rows.toLocaleString('en')} rows in SQL`);
      const started = performance.now();
      const db = await openDatabase(file);
      try {
        await generateSpeedRound(db.connection, rows);
      } finally {
        closeDatabase(db);
      }
      const generateSeconds = (performance.now() - started) / 1000;
      options.log(
        `running dedup ${options.runs}× on ${rows.toLocaleString('en')} rows (${options.threads} threads)`,
      );
      const outputs: SpeedRunOutput[] = [];
      for (let i = 0; i < options.runs; i++) outputs.push(await runChild(file, options));
      const size = { rows, generateSeconds, outputs };
      sizes.push(size);
      options.onSize?.(size);
      if (naive === null && options.naiveRows > 0) {
        options.log(
          `naive baseline: rule 3 over all pairs of ${options.naiveRows.toLocaleString('en')} sampled rows`,
        );
        naive = await naiveOn(file, options.threads, options.naiveRows);
      }
      for (const leftover of [file, `${file}.wal`, `${file}.spill`])
        await rm(leftover, { recursive: true, force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { sizes, naive };
}

async function runChild(file: string, options: SpeedOptions): Promise<SpeedRunOutput> {
  const args = [file, String(options.threads), '1', options.memoryLimit];
  const { stdout } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), RUNNER, ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as SpeedRunOutput;
}

async function naiveOn(file: string, threads: number, sampleRows: number): Promise<NaiveBaseline> {
  const db = await openDatabase(file);
  try {
    await db.connection.run(`SET threads = ${threads}`);
    return await measureNaiveBaseline(db.connection, SPEED_ROUND, sampleRows);
  } finally {
    closeDatabase(db);
  }
}
