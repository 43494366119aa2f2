import { describe, expect, it } from 'vitest';
import { formatCell } from '../../dashboard/reports/render-report-html.ts';
import { SHIPPED_REFERENCE_DIR, findRound, loadReference } from '../../pipeline/reference/reference.ts';
import { ageKey } from '../../pipeline/reports/form5.ts';
import { bangkokTime } from '../../pipeline/reports/report-base.ts';
import { thaiDate } from '../../pipeline/reports/report-sheet.ts';
import { fiscalYearOf, rateTable, subsidyBaht } from '../../pipeline/reports/subsidy-rates.ts';

const reference = await loadReference(SHIPPED_REFERENCE_DIR);
const round = (referenceDate: string) => ({
  ...findRound(reference, '2562-2')!,
  reference_date: referenceDate,
});

describe('report pieces', () => {
  it('when a round is dated then its fiscal year is the one its reference date falls in', () => {
    expect(fiscalYearOf(round('2019-11-10'))).toBe(2563);
    expect(fiscalYearOf(round('2020-06-10'))).toBe(2563);
    expect(fiscalYearOf(round('2020-09-30'))).toBe(2563);
    expect(fiscalYearOf(round('2020-10-01'))).toBe(2564);
  });

  it('when the lunch rate is looked up from FY2566 then it follows the total enrolment tier', () => {
    const rate = rateTable(reference, 2566);
    expect([1, 40, 41, 100, 101, 120, 121, 900].map((n) => rate('lunch', 'school', n)?.bahtPerDay)).toEqual([
      36, 36, 27, 27, 24, 24, 22, 22,
    ]);
    expect(rate('lunch', 'cdc', 10)).toEqual({ bahtPerDay: 36, days: 245 });
    expect(rate('milk', 'school', 500)).toEqual({ bahtPerDay: 6.89, days: 260 });
    expect(rate('lunch', 'school', 0)).toBeNull();
    expect(rateTable(reference, 2563)('lunch', 'school', 500)).toEqual({ bahtPerDay: 20, days: 200 });
  });

  it('when a fiscal year has no rates then the lookup names it', () => {
    expect(() => rateTable(reference, 2500)).toThrow(/fiscal year 2500/u);
  });

  it('when baht are computed then they are exact to the satang', () => {
    expect(subsidyBaht(3, { bahtPerDay: 7.37, days: 260 })).toBe(5748.6);
    expect(subsidyBaht(0, { bahtPerDay: 20, days: 200 })).toBe(0);
    expect(subsidyBaht(5, null)).toBe(0);
  });

  it('when children are grouped then ages below 2 join 2 and 5 and over join 5', () => {
    expect(['1', '2', '3', '4', '5', '6'].map(ageKey)).toEqual([
      'age2',
      'age2',
      'age3',
      'age4',
      'age5',
      'age5',
    ]);
  });

  it('when dates and instants are printed then they read as a Thai clerk expects', () => {
    expect(thaiDate('2019-11-10')).toBe('10 พฤศจิกายน 2562');
    expect(bangkokTime(new Date('2019-11-15T17:00:00Z'))).toBe('2019-11-16 00:00');
  });

  it('when cells are shown in HTML then zero is "-" and numbers carry separators', () => {
    const count = { group: 'g', label: null, kind: 'count', width: 5 } as const;
    const money = { ...count, kind: 'money' } as const;
    expect(formatCell(0, count, true)).toEqual({ text: '-', numeric: true });
    expect(formatCell(12345, count, true)).toEqual({ text: '12,345', numeric: true });
    expect(formatCell(5748.6, money, false)).toEqual({ text: '5,748.60', numeric: true });
    expect(formatCell(null, count, true)).toEqual({ text: '-', numeric: true });
    expect(formatCell(null, count, false)).toEqual({ text: '', numeric: true });
  });
});
