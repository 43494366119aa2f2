import { describe, expect, test } from 'vitest';
import { gCodeProvince, parseGCode } from '../../pipeline/ids/g-code.ts';
import { parsePersonId } from '../../pipeline/ids/national-id.ts';

describe('G-codes', () => {
  test('when a G-code has 12 digits then it is read as a G-code', () => {
    expect(parsePersonId('G644200000001')).toEqual({
      ok: true,
      value: { id: 'G644200000001', kind: 'g-code' },
      warnings: [],
    });
  });

  test('when a G-code is typed in lower case with dashes then it is normalised', () => {
    expect(parsePersonId('g-64-42-00000001')).toEqual({
      ok: true,
      value: { id: 'G644200000001', kind: 'g-code' },
      warnings: [],
    });
  });

  test('when a G-code has the wrong number of digits then it is a G-code format error', () => {
    expect(parsePersonId('G64420000001')).toEqual({ ok: false, code: 'cell/g-code-format' });
    expect(parseGCode('G6442000000011')).toEqual({ ok: false, code: 'cell/g-code-format' });
    expect(parseGCode('G64420000000A')).toEqual({ ok: false, code: 'cell/g-code-format' });
  });

  test('when the province of a G-code is asked then digits 3–4 after the G are returned', () => {
    expect(gCodeProvince('G644200000001')).toBe('42');
  });
});
