/**
 * Child process of the ingest benchmark: reads truth.json (tens of MB for the whole country) and
 * answers with the file list only, so parsing it never counts in the benchmark process's RSS.
 * Usage: truth-child.ts TRUTH_JSON
 */
import { readFile } from 'node:fs/promises';
import { answerParent } from './child.ts';

/** What the benchmark needs of truth.json. */
export interface TruthFiles {
  readonly round: string;
  readonly files: ReadonlyArray<{ file: string; template: string; format: string; rows: number }>;
}

const truth = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as TruthFiles;
const answer: TruthFiles = {
  round: truth.round,
  files: truth.files.map(({ file, template, format, rows }) => ({ file, template, format, rows })),
};
await answerParent(answer);
