/**
 * Child process of the ingest benchmark: generates the synthetic data set, so the generator's
 * memory never counts in the benchmark process. Usage: generate-child.ts OUT PROVINCES ROUND [ERROR-RATE].
 */
import { findRound, loadReference, SHIPPED_REFERENCE_DIR } from '../../../pipeline/reference/reference.ts';
import { generateDataset } from '../../../synthetic/generate.ts';
import { directorySink } from '../../../synthetic/write-files.ts';
import { answerParent } from './child.ts';

const [out, provinceArg, roundId, errorRate = '0.02'] = process.argv.slice(2) as [
  string,
  string,
  string,
  string?,
];
const reference = await loadReference(SHIPPED_REFERENCE_DIR);
const round = findRound(reference, roundId);
if (!round) throw new Error(`round ${roundId} is not in data/rounds.csv`);
const provinces = provinceArg === 'all' ? reference.provinces.map((p) => p.code) : provinceArg.split(',');
let reported = 0;
const summary = await generateDataset(
  { seed: 1, provinces, scale: 1, errorRate: Number(errorRate), duplicateRate: 0.01, round },
  reference,
  directorySink(out),
  (done, total) => {
    if (done - reported < Math.max(500, total / 10) && done !== total) return;
    reported = done;
    process.stderr.write(`bench: generated ${done}/${total} files\n`);
  },
);
await answerParent(summary);
