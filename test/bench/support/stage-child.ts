/**
 * Child process of the ingest benchmark: runs one measured stage in a fresh process, so every run
 * starts alike (no JIT warmed by an earlier run) and the process's peak RSS (VmHWM) is that run's
 * own. Usage: stage-child.ts MODE DATA_DIR [PARSE_CHILD_CPU_PROF_DIR]
 *   sheetjs     SheetJS alone over every file of the data set
 *   parse       parseSubmission alone over every file
 *   end-to-end  the whole pipeline in this process (this process is then the "main process");
 *               with a third argument, its parse children write CPU profiles into that folder
 */
import { fileURLToPath } from 'node:url';
import { parseConfig, readLimits } from '../../../pipeline/config.ts';
import { findRound, loadReference, SHIPPED_REFERENCE_DIR } from '../../../pipeline/reference/reference.ts';
import { freshBuild } from '../../../bin/fresh-build.js';
import { SOURCE_PARSE_CHILD, type ParseChild } from '../../../workers/parse-child.ts';
import { answerParent } from './child.ts';
import { readDataset } from './dataset.ts';
import { runEndToEnd } from './end-to-end.ts';
import { timeParseAlone, timeSheetJsAlone } from './single-process.ts';

export type StageMode = 'sheetjs' | 'parse' | 'end-to-end';

const [mode, dir, childProfileDir] = process.argv.slice(2) as [StageMode, string, string | undefined];
const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
const reference = await loadReference(config.referenceDir);
const dataset = await readDataset(dir);

if (mode === 'sheetjs') {
  await answerParent(await timeSheetJsAlone(dataset));
} else if (mode === 'parse') {
  await answerParent(await timeParseAlone(dataset, { reference, limits: readLimits(config) }));
} else {
  const round = findRound(reference, dataset.round);
  if (!round) throw new Error(`round ${dataset.round} of truth.json is unknown`);
  await answerParent(await runEndToEnd(dataset, reference, round, profiledChild(childProfileDir)));
}
// Exit explicitly (closed BullMQ connections may leave retry timers); --cpu-prof writes on exit.
process.exit(0);

/**
 * The parse children as `sis` starts them: the built processor while the build is up to date
 * (`npm ci` and `npm test` make it), the sources through tsx otherwise; plus --cpu-prof when a
 * folder is given.
 */
function profiledChild(profileDir: string | undefined): ParseChild {
  const build = freshBuild(fileURLToPath(new URL('../../../', import.meta.url)));
  const child: ParseChild = build ? { file: build.parseChild, execArgv: [] } : SOURCE_PARSE_CHILD;
  process.stderr.write(`bench: parse children run ${build ? 'the build' : 'the sources (no fresh build)'}\n`);
  if (!profileDir) return child;
  return { ...child, execArgv: [...child.execArgv, '--cpu-prof', '--cpu-prof-dir', profileDir] };
}
