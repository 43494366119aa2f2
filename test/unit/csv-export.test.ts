import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../pipeline/snapshot/format-result.ts';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];

describe('CSV written for spreadsheets', () => {
  it('when text starts like a formula then it is written with a leading quote mark, and numbers stay numbers', () => {
    const csv = toCsv({
      columns: ['name', 'n'],
      rows: [...HOSTILE.map((name, i) => ({ name, n: -i })), { name: 'โรงเรียนบ้านนา', n: 12n }],
    });
    const parsed = Papa.parse<string[]>(csv.trimEnd(), { newline: '\r\n' }).data;
    expect(parsed[0]).toEqual(['name', 'n']);
    // Read back as a spreadsheet would: no cell of the name column begins a formula.
    expect(parsed.slice(1, -1).map((r) => r[0])).toEqual(HOSTILE.map((h) => `'${h}`));
    expect(parsed.slice(1).every((r) => !/^[=+\-@\t\r]/u.test(r[0]!))).toBe(true);
    // What is not a formula is left alone: negative numbers and Thai text.
    expect(parsed.slice(1).map((r) => r[1])).toEqual(['0', '-1', '-2', '-3', '-4', '-5', '12']);
    expect(parsed.at(-1)).toEqual(['โรงเรียนบ้านนา', '12']);
  });
});
