import type { Issue } from '../issues/issue.ts';

/**
 * Orders issues as a clerk reads the file: issues of the whole file first (no row), then by sheet
 * in workbook order, row, and column. Issues at the same place keep the order they were raised.
 */
export function sortIssues(issues: readonly Issue[], sheetOrder: readonly string[]): Issue[] {
  const sheetIndex = new Map(sheetOrder.map((name, index) => [name, index]));
  const keyed = issues.map((issue, seq) => ({
    issue,
    seq,
    hasRow: issue.row === null ? 0 : 1,
    sheet: issue.sheet === null ? -1 : (sheetIndex.get(issue.sheet) ?? sheetOrder.length),
    row: issue.row ?? 0,
    column: issue.cell === null ? -1 : columnNumber(issue.cell),
  }));
  keyed.sort(
    (a, b) =>
      a.hasRow - b.hasRow || a.sheet - b.sheet || a.row - b.row || a.column - b.column || a.seq - b.seq,
  );
  return keyed.map((k) => k.issue);
}

/** `C14` → 3, `AA2` → 27 (1-based column number of an address). */
function columnNumber(address: string): number {
  let n = 0;
  for (const ch of address) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n;
}
