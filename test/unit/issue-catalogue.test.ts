import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ISSUE_CODES, type IssueLevel } from '../../pipeline/issues/codes.ts';

const SEVERITY: Record<IssueLevel, string> = { file: 'file error', row: 'row error', warning: 'warning' };

/** The README's catalogue rows: code → severity as written. */
function readmeCatalogue(): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const rows = new Map<string, string>();
  for (const match of readme.matchAll(/^\|\s*`([a-z]+\/[a-z0-9-]+)`\s*\|\s*([a-z ]+?)\s*\|/gmu))
    rows.set(match[1]!, match[2]!);
  return rows;
}

describe('the issue catalogue in README', () => {
  test('when the README is read then it lists every code with the severity of the catalogue, and no other', () => {
    const expected = new Map(Object.entries(ISSUE_CODES).map(([code, info]) => [code, SEVERITY[info.level]]));
    expect(readmeCatalogue()).toEqual(expected);
  });
});

describe('the issue catalogue in Thai', () => {
  test('when any code is looked up then it has a Thai help text beside the English one', () => {
    const withoutThai = Object.entries(ISSUE_CODES)
      .filter(([, info]) => !/[\u0E01-\u0E5B]/u.test(info.helpTh) || (info.help as string) === info.helpTh)
      .map(([code]) => code);
    expect(withoutThai).toEqual([]);
  });
});
