import { describe, expect, test } from 'vitest';
import { parsePrefix, parseSex, splitPrefix } from '../../pipeline/people/prefix.ts';

describe('prefixes and sex', () => {
  test.each([
    ['เด็กชาย', 'ด.ช.', 'M'],
    ['ดช', 'ด.ช.', 'M'],
    ['ด.ญ', 'ด.ญ.', 'F'],
    ['นางสาว', 'น.ส.', 'F'],
    ['Mr.', 'นาย', 'M'],
    ['สามเณร', 'สามเณร', 'M'],
  ])('when the prefix is %s then it is %s (%s)', (text, canonical, sex) => {
    expect(parsePrefix(text)).toMatchObject({ canonical, sex });
  });

  test('when the prefix is not listed then it is undefined', () => {
    expect(parsePrefix('ดร.')).toBeUndefined();
  });

  test('when the first-name cell starts with a prefix then it is split off, the longest spelling winning', () => {
    expect(splitPrefix('ด.ช.สมชาย')).toMatchObject({ prefix: { canonical: 'ด.ช.' }, rest: 'สมชาย' });
    expect(splitPrefix('เด็กหญิง มาลี')).toMatchObject({ prefix: { canonical: 'ด.ญ.' }, rest: 'มาลี' });
    expect(splitPrefix('นางสาวสมศรี')).toMatchObject({ prefix: { canonical: 'น.ส.' }, rest: 'สมศรี' });
  });

  test('when a name only looks like it starts with a prefix then it is not split', () => {
    expect(splitPrefix('สมชาย')).toBeUndefined();
    expect(splitPrefix('นายิกา')).toBeUndefined();
    expect(splitPrefix('ด.ช.')).toBeUndefined();
  });

  test('when sex is written in any common form then it is M or F', () => {
    expect(['ชาย', 'ช', 'M', 'male', '1'].map(parseSex)).toEqual(['M', 'M', 'M', 'M', 'M']);
    expect(['หญิง', 'ญ', 'f', 'Female', '2'].map(parseSex)).toEqual(['F', 'F', 'F', 'F', 'F']);
    expect(parseSex('อื่น')).toBeUndefined();
  });
});
