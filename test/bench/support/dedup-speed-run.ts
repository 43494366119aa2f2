/**
 * Child process of the dedup benchmark: opens a prepared warehouse, runs duplicate detection on
 * its speed round and prints one JSON line ({@link SpeedRunOutput}). Run alone so that its peak
 * resident memory is the dedup's, not the data generation's.
 * Usage: `node --import tsx dedup-speed-run.ts DB_FILE [THREADS] [RUNS] [MEMORY_LIMIT]`.
 */
import { performance } from 'node:perf_hooks';
import { closeDatabase, openDatabase } from '../../../pipeline/db/database.ts';
import { readDedupResult } from '../../../pipeline/dedup/dedup-repository.ts';
import type { DedupStage } from '../../../pipeline/dedup/dedup-types.ts';
import { runDedup } from '../../../pipeline/dedup/run-dedup.ts';
import { SPEED_ROUND } from './dedup-speed-data.ts';

export interface SpeedRunTiming {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  /** Seconds from the start to the end of each stage. */
  readonly stages: Partial<Record<DedupStage, number>>;
  /** The process's peak resident memory (bytes) when each stage ended. */
  readonly stagePeakRss: Partial<Record<DedupStage, number>>;
  readonly rowsScanned: number;
  readonly flaggedRecords: number;
  readonly clustersByRule: { sameId: number; sameNameDob: number; probable: number };
  readonly pairsByRule: { sameId: number; sameNameDob: number; probable: number };
  readonly oversizedBlocks: number;
}

export interface SpeedRunOutput {
  readonly runs: readonly SpeedRunTiming[];
  readonly readResultSeconds: number;
  readonly clusters: number;
  /** process.resourceUsage().maxRSS, in bytes: DuckDB's memory is in this process too. */
  readonly peakRssBytes: number;
}

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

async function main(): Promise<void> {
  const [file, threadsArg = '2', runsArg = '2', memoryLimit = ''] = process.argv.slice(2);
  if (!file) throw new Error('usage: dedup-speed-run.ts DB_FILE [THREADS] [RUNS] [MEMORY_LIMIT]');
  // As the loader runs duplicate detection: the configured memory bound, spilling beside the file.
  const memory = memoryLimit ? { memoryLimit, tempDirectory: `${file}.spill` } : undefined;
  const db = await openDatabase(file, { memory });
  try {
    await db.connection.run(`SET threads = ${Number(threadsArg)}`);
    const runs: SpeedRunTiming[] = [];
    for (let i = 0; i < Number(runsArg); i++) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const stages: Partial<Record<DedupStage, number>> = {};
      const stagePeakRss: Partial<Record<DedupStage, number>> = {};
      const summary = await runDedup(db.db, {
        roundId: SPEED_ROUND,
        now: new Date(),
        hooks: {
          afterStage: (stage) => {
            stages[stage] = (performance.now() - start) / 1000;
            stagePeakRss[stage] = peakRss();
          },
        },
      });
      const used = process.cpuUsage(cpu);
      runs.push({
        wallSeconds: (performance.now() - start) / 1000,
        cpuSeconds: (used.user + used.system) / 1e6,
        stages,
        stagePeakRss,
        rowsScanned: summary.rowsScanned,
        flaggedRecords: summary.flaggedRecords,
        clustersByRule: summary.byRule,
        pairsByRule: summary.pairsByRule,
        oversizedBlocks: summary.oversizedBlocks,
      });
    }
    const start = performance.now();
    const result = await readDedupResult(db.db, SPEED_ROUND);
    const output: SpeedRunOutput = {
      runs,
      readResultSeconds: (performance.now() - start) / 1000,
      clusters: result.clusters,
      peakRssBytes: peakRss(),
    };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } finally {
    closeDatabase(db);
  }
}

await main();
