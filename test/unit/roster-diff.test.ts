import { describe, expect, it } from 'vitest';
import { diffRosters, type RosterPerson } from '../../pipeline/ingest/roster-diff.ts';

const person = (nationalId: string, overrides: Partial<RosterPerson> = {}): RosterPerson => ({
  nationalId,
  prefix: 'ด.ญ.',
  firstName: 'มะลิ',
  lastName: 'ทองดี',
  sex: 'female',
  birthDate: '2013-02-01',
  level: 'ป.1',
  ...overrides,
});

describe('roster diff', () => {
  it('when IDs appear on one side only or fields differ then they are added, removed or changed, each once', () => {
    const current = [person('3'), person('1'), person('2')];
    const incoming = [
      person('2'),
      person('3', { level: 'ป.2', lastName: 'ทองงาม' }),
      person('4'),
      person('4'),
    ];
    expect(diffRosters(current, incoming)).toEqual({
      added: [person('4')],
      removed: [person('1')],
      changed: [
        {
          nationalId: '3',
          before: person('3'),
          after: person('3', { level: 'ป.2', lastName: 'ทองงาม' }),
          fields: ['lastName', 'level'],
        },
      ],
      unchanged: 1,
    });
  });

  it('when both sides hold the same people then nothing is added, removed or changed', () => {
    const same = [person('1'), person('2')];
    expect(diffRosters(same, [...same].reverse())).toEqual({
      added: [],
      removed: [],
      changed: [],
      unchanged: 2,
    });
  });
});
