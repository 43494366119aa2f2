import { describe, expect, test } from 'vitest';
import { ageOn, isoToExcelSerial, parseThaiDate } from '../../pipeline/dates/thai-date.ts';

const okDate = (value: string, warnings: string[] = []) => ({ ok: true, value, warnings });
const unparseable = { ok: false, code: 'cell/date-unparseable' };

describe('dates as clerks type them', () => {
  test.each([
    ['05/03/2555', '2012-03-05'],
    ['5/3/2555', '2012-03-05'],
    ['05-03-2555', '2012-03-05'],
    ['05.03.2555', '2012-03-05'],
    ['๐๕/๐๓/๒๕๕๕', '2012-03-05'],
    ['05/03/2555 00:00:00', '2012-03-05'],
    ['5 มีนาคม 2555', '2012-03-05'],
    ['5 มี.ค. 2555', '2012-03-05'],
    ['5 มีนาคม พ.ศ. 2555', '2012-03-05'],
    ['5 มี.ค.พ.ศ.2555', '2012-03-05'],
    ['25550305', '2012-03-05'],
    ['2012-03-05', '2012-03-05'],
    ['2555-03-05', '2012-03-05'],
  ])('when the text is %s then the date is %s', (text, iso) => {
    expect(parseThaiDate(text)).toEqual(okDate(iso));
  });

  test.each([
    ['5/3/55', '2012-03-05'],
    ['5 มี.ค. 55', '2012-03-05'],
    ['5 มีค 55', '2012-03-05'],
    ['12 ธ.ค. 49', '2006-12-12'],
  ])('when the year has two digits (%s) then it is BE 25xx without a warning', (text, iso) => {
    expect(parseThaiDate(text)).toEqual(okDate(iso));
  });

  test('when a four-digit CE year is typed then it is kept with an era warning', () => {
    expect(parseThaiDate('05/03/2012')).toEqual(okDate('2012-03-05', ['cell/date-era-assumed']));
  });

  test('when the cell is an Excel date serial then its stored CE date is read', () => {
    expect(parseThaiDate(isoToExcelSerial('2012-03-05'))).toEqual(okDate('2012-03-05'));
    expect(parseThaiDate(40973)).toEqual(okDate('2012-03-05'));
  });

  test('when a BE date was typed in a non-Thai locale (a true date in 2555 CE) then it is read as BE', () => {
    expect(parseThaiDate(isoToExcelSerial('2555-03-05'))).toEqual(okDate('2012-03-05'));
    expect(parseThaiDate(new Date(Date.UTC(2555, 2, 5)))).toEqual(okDate('2012-03-05'));
  });

  test('when the number is a yyyymmdd BE date then it is read as a date, not a serial', () => {
    expect(parseThaiDate(25550305)).toEqual(okDate('2012-03-05'));
  });

  test('when Feb 29 falls in a BE leap year (2563 = 2020) then it is valid', () => {
    expect(parseThaiDate('29/02/2563')).toEqual(okDate('2020-02-29'));
    expect(parseThaiDate('29 ก.พ. 2563')).toEqual(okDate('2020-02-29'));
  });

  test('when Feb 29 falls in a BE year that is not leap (2564 = 2021) then it is refused', () => {
    expect(parseThaiDate('29/02/2564')).toEqual(unparseable);
    expect(parseThaiDate(isoToExcelSerial('2564-02-29'))).toEqual(unparseable);
  });

  test.each([
    '31/04/2555',
    '32/01/2555',
    '00/01/2555',
    '15/13/2555',
    '5 มีนาคา 2555',
    'ไม่ทราบ',
    '',
    '12/2555',
  ])('when the text is %j then it is unparseable', (text) => {
    expect(parseThaiDate(text)).toEqual(unparseable);
  });

  test('when the cell is a boolean or an absurd serial then it is unparseable', () => {
    expect(parseThaiDate(true)).toEqual(unparseable);
    expect(parseThaiDate(-5)).toEqual(unparseable);
    expect(parseThaiDate(900_000)).toEqual(unparseable);
  });
});

describe('age', () => {
  test('when the birthday has not come yet in the year then the age is one less', () => {
    expect(ageOn('2012-03-05', '2019-03-04')).toBe(6);
    expect(ageOn('2012-03-05', '2019-03-05')).toBe(7);
    expect(ageOn('2012-11-10', '2019-05-16')).toBe(6);
  });
});
