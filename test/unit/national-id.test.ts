import { describe, expect, test } from 'vitest';
import { isValidNationalId, nationalIdCheckDigit, parsePersonId } from '../../pipeline/ids/national-id.ts';

/** A valid ID from 12 digits: the check digit computed, never copied from the web. */
function withCheckDigit(first12: string): string {
  return `${first12}${nationalIdCheckDigit(first12)}`;
}

const LEADING_ZERO = withCheckDigit('010370248899');

describe('national ID checksum', () => {
  test('when the known-good fixtures are checked then both are valid', () => {
    expect(isValidNationalId('1103702488992')).toBe(true);
    expect(isValidNationalId('3249800008341')).toBe(true);
  });

  test('when the last digit is changed then the checksum fails', () => {
    expect(isValidNationalId('1103702488993')).toBe(false);
    expect(parsePersonId('1103702488993')).toEqual({ ok: false, code: 'cell/national-id-checksum' });
  });

  test('when an ID starts with 0 then it is valid (no civil-registration status)', () => {
    expect(LEADING_ZERO.startsWith('0')).toBe(true);
    expect(parsePersonId(LEADING_ZERO)).toEqual({
      ok: true,
      value: { id: LEADING_ZERO, kind: 'national-id' },
      warnings: [],
    });
  });

  test('when an ID starts with 9 then it is accepted with a warning', () => {
    const id = withCheckDigit('910370248899');
    expect(parsePersonId(id)).toEqual({
      ok: true,
      value: { id, kind: 'national-id' },
      warnings: ['cell/national-id-suspicious'],
    });
  });
});

describe('national ID cell forms', () => {
  test('when the cell is a number that lost its leading zero then the zero is restored with a warning', () => {
    expect(parsePersonId(Number(LEADING_ZERO))).toEqual({
      ok: true,
      value: { id: LEADING_ZERO, kind: 'national-id' },
      warnings: ['cell/id-stored-as-number'],
    });
  });

  test('when the cell is a full 13-digit number then it is read without a warning', () => {
    expect(parsePersonId(1103702488992)).toEqual({
      ok: true,
      value: { id: '1103702488992', kind: 'national-id' },
      warnings: [],
    });
  });

  test('when the text is in scientific notation then the digits are reported lost', () => {
    expect(parsePersonId('1.10370E+12')).toEqual({ ok: false, code: 'cell/national-id-scientific' });
    expect(parsePersonId('1.1037e12')).toEqual({ ok: false, code: 'cell/national-id-scientific' });
    expect(parsePersonId('1,10370E+12')).toEqual({ ok: false, code: 'cell/national-id-scientific' });
  });

  test('when the ID is typed in Thai digits then they are folded', () => {
    expect(parsePersonId('๑๑๐๓๗๐๒๔๘๘๙๙๒')).toEqual({
      ok: true,
      value: { id: '1103702488992', kind: 'national-id' },
      warnings: [],
    });
  });

  test('when the ID has dashes or spaces then they are dropped', () => {
    const expected = { ok: true, value: { id: '1103702488992', kind: 'national-id' }, warnings: [] };
    expect(parsePersonId('1-1037-02488-99-2')).toEqual(expected);
    expect(parsePersonId(' 1 1037 02488 99 2 ')).toEqual(expected);
    expect(parsePersonId('1103702488992\u200B')).toEqual(expected);
  });

  test('when the ID has too few digits or letters then it is a format error', () => {
    expect(parsePersonId('110370248899')).toEqual({ ok: false, code: 'cell/national-id-format' });
    expect(parsePersonId('11037024889921')).toEqual({ ok: false, code: 'cell/national-id-format' });
    expect(parsePersonId('ไม่มี')).toEqual({ ok: false, code: 'cell/national-id-format' });
    expect(parsePersonId(12345)).toEqual({ ok: false, code: 'cell/national-id-format' });
    expect(parsePersonId(true)).toEqual({ ok: false, code: 'cell/national-id-format' });
  });
});
