/**
 * Child process of the ingest benchmark, started like a parse worker's sandboxed child
 * (`node --import tsx`, the worker's environment; in parse mode the parse children's V8
 * flags). Usage: big-workbook-child.ts MODE FILE SHA256
 *   parse    runs the parse job's processor body (parseStoredFiles: read the stored blob,
 *            parseSubmission, write staging) as a worker child does, on a group of one
 *   read     only the reader (readWorkbook: SheetJS, then the cells copied into plain rows)
 *   sheetjs  only XLSX.read(bytes, { type: 'buffer', dense: true }), for comparison
 * and answers with its timings and its own peak RSS (VmHWM).
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import * as XLSX from 'xlsx';
import { parseConfig, readLimits } from '../../../pipeline/config.ts';
import { readWorkbook } from '../../../pipeline/read/read-workbook.ts';
import { loadReference, SHIPPED_REFERENCE_DIR } from '../../../pipeline/reference/reference.ts';
import { groupKey } from '../../../workers/contract.ts';
import { parseStoredFiles } from '../../../workers/processors/parse.ts';
import { answerParent } from './child.ts';
import { readMemory } from './rss.ts';

export interface BigWorkbookAnswer {
  readonly mode: string;
  /** RSS after imports and reference data, before the file: what an idle worker child holds. */
  readonly idleRss: number;
  readonly peakRss: number;
  readonly seconds: number;
  /** parse mode: until staging starts (read + parseSubmission), and the staging write. */
  readonly parseSeconds?: number;
  readonly stageSeconds?: number;
  readonly status?: string;
  readonly rows?: number;
}

const [mode, file, sha256] = process.argv.slice(2) as [string, string, string];
const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
const reference = await loadReference(config.referenceDir);
const idleRss = readMemory('self')?.rss ?? 0;
const started = performance.now();
const seconds = () => (performance.now() - started) / 1000;

if (mode === 'sheetjs') {
  XLSX.read(await readFile(file), { type: 'buffer', dense: true });
  await answerParent(done({ mode, seconds: seconds() }));
} else if (mode === 'read') {
  readWorkbook(await readFile(file), file, readLimits(config));
  await answerParent(done({ mode, seconds: seconds() }));
} else {
  let parseSeconds = 0;
  const parsed = await parseStoredFiles(
    {
      config,
      reference,
      progress: async (p) => {
        if (p.stage === 'stage') parseSeconds = seconds();
      },
    },
    // A group of its own per run: a staged group is skipped, and runs share the data folder.
    {
      group: groupKey([process.pid]),
      files: [{ submissionId: process.pid, sha256, fileName: 'big-school.xlsx', options: {} }],
    },
    0,
  );
  const result = parsed.files[0];
  if (!result) throw new Error('the big workbook was not parsed');
  const total = seconds();
  await answerParent(
    done({
      mode,
      seconds: total,
      parseSeconds,
      stageSeconds: total - parseSeconds,
      status: result.status,
      rows: result.rows,
    }),
  );
}

function done(figures: Omit<BigWorkbookAnswer, 'idleRss' | 'peakRss'>): BigWorkbookAnswer {
  return { ...figures, idleRss, peakRss: readMemory('self')?.peak ?? 0 };
}
