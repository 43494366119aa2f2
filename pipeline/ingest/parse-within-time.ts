import vm from 'node:vm';
import { limitIssue } from '../read/limit-issue.ts';
import { emptyRows } from '../normalise/submission-rows.ts';
import { parseSubmission, type ParseContext, type ParsedSubmission } from './parse-submission.ts';

/** One context and script for every call: the script only calls the function handed to it. */
const sandbox = vm.createContext({ parse: (): unknown => undefined });
const CALL = new vm.Script('parse()');

/**
 * {@link parseSubmission} stopped after `timeoutMs`: V8's watchdog (the one behind `vm`'s
 * `timeout`) ends whatever runs when time is up, inside a spreadsheet library's loop as well, and
 * the file is rejected with `file/over-limit` naming SIS_PARSE_TIMEOUT_MS. The process goes on
 * with its next file. The watchdog costs a thread start per file, nothing per row.
 */
export function parseWithinTime(
  bytes: Uint8Array,
  fileName: string,
  ctx: ParseContext,
  timeoutMs: number,
): ParsedSubmission {
  let parsed: ParsedSubmission | undefined;
  sandbox.parse = () => {
    parsed = parseSubmission(bytes, fileName, ctx);
  };
  try {
    CALL.runInContext(sandbox, { timeout: timeoutMs });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    return timedOut(timeoutMs);
  } finally {
    sandbox.parse = () => undefined;
  }
  if (!parsed) throw new Error('parse returned nothing');
  return parsed;
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
