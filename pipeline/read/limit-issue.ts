import { makeIssue, type Issue, type IssueLocation } from '../issues/issue.ts';
import type { IssueCode } from '../issues/codes.ts';

/** The setting behind each limit on what is read, as the clerk's report and the admin see it. */
export const LIMIT_SETTING = {
  maxBytes: 'SIS_MAX_UPLOAD_MB',
  maxRows: 'SIS_MAX_ROWS',
  maxColumns: 'SIS_MAX_COLUMNS',
  maxCells: 'SIS_MAX_CELLS',
  maxCellChars: 'SIS_MAX_CELL_CHARS',
  maxInflatedBytes: 'SIS_MAX_INFLATED_MB',
  maxEntries: 'SIS_MAX_ZIP_ENTRIES',
  maxRatio: 'SIS_MAX_ZIP_RATIO',
  parseTimeoutMs: 'SIS_PARSE_TIMEOUT_MS',
} as const;

export type LimitName = keyof typeof LIMIT_SETTING;

/** One limit a file broke: the limit's configured value and what the file had, as shown (`25 MB`, `120000`). */
export interface LimitBreach {
  readonly limit: LimitName;
  readonly allowed: string;
  readonly found: string;
}

/**
 * The issue for a file over a limit: `SIS_MAX_ROWS = 100000, พบ 120000` after the catalogue's
 * message, located at the sheet and cell where it applies. `file/over-limit` unless the limit
 * has a code of its own (the upload size, the row count).
 */
export function limitIssue(breach: LimitBreach, at: Omit<IssueLocation, 'value' | 'detail'> = {}): Issue {
  const code: IssueCode =
    breach.limit === 'maxBytes'
      ? 'file/too-large'
      : breach.limit === 'maxRows'
        ? 'file/too-many-rows'
        : 'file/over-limit';
  return makeIssue(code, {
    ...at,
    value: breach.found,
    detail: `${LIMIT_SETTING[breach.limit]} = ${breach.allowed}, พบ ${breach.found}`,
  });
}
