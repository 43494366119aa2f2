import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Reference } from '../../../pipeline/reference/reference.ts';

/** What `npm run bench -- …` was asked to do. */
export interface IngestFlags {
  readonly provinces: string;
  readonly data: string;
  readonly runs: number;
  readonly skipEndToEnd: boolean;
  readonly cli: boolean;
  /** Folder for the CPU profiles; null unless --cpu-prof was given. */
  readonly cpuProf: string | null;
  readonly json: boolean;
}

export const USAGE =
  'usage: npm run bench -- [--provinces all|42,81] [--data DIR] [--runs N] [--skip-end-to-end] [--cli | --cpu-prof DIR] [--json]';

/** --cli without --provinces: the first 8 province codes (the eight provinces). */
const CLI_DEFAULT_PROVINCES = 8;
const MAX_RUNS = 20;

/** Reads the flags; `root` resolves --data, `fail` reports a bad flag and ends the process. */
export function readIngestFlags(
  reference: Reference,
  root: string,
  fail: (message: string) => never,
): IngestFlags {
  const values = parseFlagValues(fail);
  if (values.cli && values['cpu-prof'] !== undefined)
    fail(`--cli and --cpu-prof are separate runs; ${USAGE}`);
  const raw =
    values.provinces ??
    (values.cli
      ? reference.provinces
          .map((p) => p.code)
          .sort()
          .slice(0, CLI_DEFAULT_PROVINCES)
          .join(',')
      : 'all');
  const provinces = normaliseProvinces(raw, reference, fail);
  const data = values.data ?? path.join('data', 'bench', provinces.replaceAll(',', '-'));
  return {
    provinces,
    data: path.resolve(root, data),
    runs: readRuns(values.runs, fail),
    skipEndToEnd: values['skip-end-to-end'],
    cli: values.cli,
    cpuProf: values['cpu-prof'] === undefined ? null : path.resolve(values['cpu-prof']),
    json: values.json,
  };
}

function parseFlagValues(fail: (message: string) => never) {
  try {
    return parseArgs({
      options: {
        provinces: { type: 'string' },
        data: { type: 'string' },
        runs: { type: 'string', default: '3' },
        'skip-end-to-end': { type: 'boolean', default: false },
        cli: { type: 'boolean', default: false },
        'cpu-prof': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}; ${USAGE}`);
  }
}

function readRuns(raw: string, fail: (message: string) => never): number {
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS)
    fail(`--runs: a whole number from 1 to ${MAX_RUNS}, not ${raw}`);
  return runs;
}

/** `all`, or known province codes sorted and joined by commas. */
function normaliseProvinces(raw: string, reference: Reference, fail: (message: string) => never): string {
  if (raw.trim().toLowerCase() === 'all') return 'all';
  const known = new Set(reference.provinces.map((p) => p.code));
  const codes = [
    ...new Set(
      raw
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    ),
  ].sort();
  const unknown = codes.filter((c) => !known.has(c));
  if (codes.length === 0 || unknown.length > 0)
    fail(`--provinces: unknown code(s) ${unknown.join(', ') || '(none)'}`);
  return codes.join(',');
}
