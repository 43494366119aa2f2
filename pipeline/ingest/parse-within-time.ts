import vm from 'node:vm';
import { limitIssue } from '../read/limit-issue.ts';
import { emptyRows } from '../normalise/submission-rows.ts';
import { parseSubmission, type ParseContext, type ParsedSubmission } from './parse-submission.ts';

/** One context and script for every call: the script only calls the function handed to it. */
const sandbox = vm.createContext({ parse: (): unknown => undefined });
const CALL = new vm.Script('parse()');

/** One file to parse: its bytes, the name it was sent under, and its sender's options (else the context's). */
export interface FileToParse {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly options?: ParseContext['options'];
}

/** A file's parse, or what `parseSubmission` threw (a fault of ours, never the file's). */
export type ParseOutcome = { readonly parsed: ParsedSubmission } | { readonly thrown: unknown };

/**
 * {@link parseSubmission} of each file, each stopped after `timeoutMs`: V8's watchdog (the one
 * behind `vm`'s `timeout`) ends whatever runs when time is up, inside a spreadsheet library's loop
 * as well, and the file is rejected with `file/over-limit` naming SIS_PARSE_TIMEOUT_MS.
 *
 * Starting a watchdog costs more than a small file's parse (about a tenth of the parse time of a
 * group of rosters), so one watchdog watches as many files in turn as fit in its time. When it
 * stops a file that started late in its turn, that file starts again under a watchdog of its own:
 * a file is rejected only when it alone ran for `timeoutMs`. What `parseSubmission` throws is
 * kept as that file's outcome, and the next file goes on.
 */
export function parseEachWithinTime(
  files: readonly FileToParse[],
  ctx: ParseContext,
  timeoutMs: number,
): ParseOutcome[] {
  const outcomes: ParseOutcome[] = [];
  while (outcomes.length < files.length) {
    const first = outcomes.length;
    if (!parseInTurn(files, ctx, timeoutMs, outcomes) && outcomes.length === first)
      outcomes.push({ parsed: timedOut(timeoutMs) });
  }
  return outcomes;
}

/** {@link parseEachWithinTime} of one file; what `parseSubmission` throws is thrown. */
export function parseWithinTime(
  bytes: Uint8Array,
  fileName: string,
  ctx: ParseContext,
  timeoutMs: number,
): ParsedSubmission {
  const outcome = parseEachWithinTime([{ bytes, fileName }], ctx, timeoutMs)[0]!;
  if ('thrown' in outcome) throw outcome.thrown;
  return outcome.parsed;
}

/**
 * Parses files from `outcomes.length` on, appending each outcome, under one watchdog: true when
 * every file was parsed, false when time ran out (the file it stopped has no outcome yet).
 */
function parseInTurn(
  files: readonly FileToParse[],
  ctx: ParseContext,
  timeoutMs: number,
  outcomes: ParseOutcome[],
): boolean {
  sandbox.parse = () => {
    for (let i = outcomes.length; i < files.length; i++) outcomes.push(parseOne(files[i]!, ctx));
  };
  try {
    CALL.runInContext(sandbox, { timeout: timeoutMs });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    return false;
  } finally {
    sandbox.parse = () => undefined;
  }
}

function parseOne(file: FileToParse, ctx: ParseContext): ParseOutcome {
  try {
    const fileCtx = file.options ? { ...ctx, options: file.options } : ctx;
    return { parsed: parseSubmission(file.bytes, file.fileName, fileCtx) };
  } catch (error) {
    return { thrown: error };
  }
}

function timedOut(timeoutMs: number): ParsedSubmission {
  return {
    status: 'rejected',
    format: null,
    template: null,
    meta: {
      subjectCode: null,
      academicYear: null,
      term: null,
      roundId: null,
      facts: { teachers: null, classrooms: null, caregivers: null },
    },
    rows: emptyRows(),
    issues: [limitIssue({ limit: 'parseTimeoutMs', allowed: String(timeoutMs), found: `> ${timeoutMs} ms` })],
    rowsTotal: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
  };
}
