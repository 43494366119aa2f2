import { describe, expect, test } from 'vitest';
import { headerKey, normaliseText } from '../../pipeline/text/normalise-text.ts';
import { foldThaiDigits, hasThaiDigits } from '../../pipeline/text/thai-digits.ts';

describe('name normalisation', () => {
  test('when a name is decomposed or has its marks out of order then it is NFC', () => {
    expect(normaliseText('ก\u0E48\u0E38')).toBe('ก\u0E38\u0E48');
    expect(normaliseText('Jose\u0301')).toBe('José');
  });

  test('when a name holds zero-width characters then they are dropped', () => {
    expect(normaliseText('สม\u200Bชาย\u200D\uFEFF\u200E')).toBe('สมชาย');
  });

  test('when sara am is typed as nikhahit + sara aa then it becomes ำ', () => {
    expect(normaliseText('น\u0E4D\u0E32ใจ')).toBe('น\u0E33ใจ');
  });

  test('when spaces are doubled, non-breaking or at the ends then they collapse', () => {
    expect(normaliseText('  สมชาย \u00A0 ใจดี\t')).toBe('สมชาย ใจดี');
  });

  test('when a school name has Thai digits then they become ASCII', () => {
    expect(normaliseText('รร.เทศบาล ๑')).toBe('รร.เทศบาล 1');
    expect(foldThaiDigits('๐๑๒๓๔๕๖๗๘๙')).toBe('0123456789');
    expect(hasThaiDigits('abc')).toBe(false);
  });

  test('when headers differ in case, spaces, dots and zero-width characters then their keys agree', () => {
    expect(headerKey(' National_ID ')).toBe(headerKey('nationalid'));
    expect(headerKey('อ.๑ ชาย')).toBe(headerKey('อ1ชาย'));
    expect(headerKey('เลขประจำ\u200Bตัวประชาชน')).toBe(headerKey('เลขประจำตัวประชาชน'));
  });
});
