import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDataDictionary } from '../../pipeline/snapshot/data-dictionary.ts';

const FILE = path.resolve(import.meta.dirname, '../../docs/data-dictionary.md');

/** The markdown rows under the example whose heading contains `title`. */
function exampleRows(doc: string, title: string): string[] {
  const start = doc.indexOf(title);
  expect(start).toBeGreaterThan(0);
  const rest = doc.slice(start).split('\n').slice(1);
  const next = rest.findIndex((line) => line.startsWith('### '));
  return (next === -1 ? rest : rest.slice(0, next)).filter((l) => l.startsWith('| ')).slice(1);
}

describe('the data dictionary', () => {
  let generated: string;
  beforeAll(async () => {
    generated = await renderDataDictionary();
  });

  it('when the dictionary is generated again then docs/data-dictionary.md is unchanged (else run npm run docs:dictionary)', async () => {
    expect(await readFile(FILE, 'utf8')).toBe(generated);
  });

  it('when the stable views are documented then each lists its contract columns in order', () => {
    const columnsOf = (view: string) => {
      const section = generated.slice(generated.indexOf(`### \`${view}\``)).split('\n### ')[0]!;
      return [...section.matchAll(/^\| `([a-z_]+)` \|/gmu)].map((m) => m[1]);
    };
    expect(columnsOf('pupil_counts')).toEqual([
      'round',
      'province_code',
      'district',
      'lao_code',
      'institution_code',
      'kind',
      'grade',
      'sex',
      'pupils',
    ]);
    expect(columnsOf('round_changes')).toEqual([
      'institution_code',
      'from_round',
      'to_round',
      'stayed',
      'joined',
      'left',
    ]);
    expect(generated).not.toMatch(/### `(users|api_tokens|audit_log)`/u);
  });

  it('when the worked examples run on the sample then A stayed, D joined, B left, and C (answered 203) neither left nor vanished', () => {
    // Sample: round 2562-2 has A, B, C (C answered 203); round 2563-1 has A and D.
    expect(exampleRows(generated, '(Stayed, joined and left between rounds)').slice(1)).toEqual([
      '| 3042000001 | 2562-2 | 2563-1 | 1 | 1 | 1 |',
    ]);
    expect(exampleRows(generated, '(Children gone in the next round').slice(1)).toEqual([
      '| 2562-2 | 2563-1 | G624200000002 | 3042000001 | ป.1 |',
    ]);
    expect(exampleRows(generated, '(Who has not submitted in round 2562-2)').slice(1)).toEqual([
      '| 3042000001 | school | accepted | 3 |',
      '| 7042000001 | cdc | not-submitted |  |',
    ]);
  });
});
