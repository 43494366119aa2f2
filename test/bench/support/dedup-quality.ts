import { performance } from 'node:perf_hooks';
import { closeDatabase, openDatabase } from '../../../pipeline/db/database.ts';
import { readDedupPairs, readDedupResult } from '../../../pipeline/dedup/dedup-repository.ts';
import { DEFAULT_PROBABLE_THRESHOLD } from '../../../pipeline/dedup/dedup-types.ts';
import { runDedup } from '../../../pipeline/dedup/run-dedup.ts';
import type { SubmissionReport } from '../../../pipeline/load/submission-report.ts';
import type { Truth } from '../../../synthetic/truth.ts';
import { ingestQualityData, readLoadedRows, type QualityDataOptions } from './dedup-quality-data.ts';
import { scoreRun, TruthIndex, type RuleQuality } from './dedup-quality-score.ts';

export interface QualityRun {
  readonly threshold: number;
  readonly seconds: number;
  readonly rules: readonly RuleQuality[];
}

export interface QualityOutcome {
  readonly truth: Truth;
  readonly reports: readonly SubmissionReport[];
  readonly ingestSeconds: number;
  readonly loadedRows: number;
  /** Planted pairs of every rule (near-misses included) whose records all loaded. */
  readonly plantedPairs: number;
  /** Planted groups left out because a member was rejected, by rule. */
  readonly excluded: ReadonlyMap<string, number>;
  /** The run at the default threshold. */
  readonly main: QualityRun;
  /** Runs of the threshold sweep, ascending. */
  readonly sweep: readonly QualityRun[];
  /** Planted near-miss pairs (twins, namesakes), and how many of them any rule merged. */
  readonly nearMisses: { readonly planted: number; readonly merged: number };
}

/**
 * Ingests the generated data set through the real pipeline, then runs duplicate detection at the
 * default threshold and at each sweep threshold, scoring each run against truth.json.
 */
export async function measureQuality(
  options: QualityDataOptions,
  sweepThresholds: readonly number[],
): Promise<QualityOutcome> {
  const data = await ingestQualityData(options);
  try {
    const db = await openDatabase(data.databaseFile);
    try {
      const loaded = await readLoadedRows(db.connection, data.round);
      const index = new TruthIndex(data.truth.duplicates, loaded);
      const runAt = async (threshold: number): Promise<QualityRun> => {
        const started = performance.now();
        await runDedup(db.db, { roundId: data.round, now: new Date(), threshold });
        const seconds = (performance.now() - started) / 1000;
        const result = await readDedupResult(db.db, data.round);
        const pairs = await readDedupPairs(db.db, data.round);
        return { threshold, seconds, rules: scoreRun(index, result, pairs) };
      };
      const sweep: QualityRun[] = [];
      for (const threshold of [...sweepThresholds].sort((a, b) => a - b)) sweep.push(await runAt(threshold));
      const main = await runAt(DEFAULT_PROBABLE_THRESHOLD);
      const nearMissKinds = main.rules.flatMap((r) => r.falsePositives.filter((f) => f.kind === 'near-miss'));
      const mergedNearMisses = new Set(
        nearMissKinds.map((f) =>
          [f.a, f.b]
            .map((m) => `${m.institutionCode}/${m.nationalId}`)
            .sort()
            .join('|'),
        ),
      );
      return {
        truth: data.truth,
        reports: data.reports,
        ingestSeconds: data.ingestSeconds,
        loadedRows: loaded.length,
        plantedPairs: index.plantedPairs.size,
        excluded: index.excluded,
        main,
        sweep,
        nearMisses: {
          planted: [...index.plantedPairs.values()].filter((p) => p.group.rule === 'near-miss').length,
          merged: mergedNearMisses.size,
        },
      };
    } finally {
      closeDatabase(db);
    }
  } finally {
    await data.cleanup();
  }
}
