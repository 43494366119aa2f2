import { SisError } from '../errors.ts';
import type { Reference, Round, SubsidyRate } from '../reference/reference.ts';

/**
 * The fiscal year (BE, 1 Oct – 30 Sep, named by the year it ends) a round's reference date falls
 * in: 2019-11-10 → 2563, 2020-06-10 → 2563.
 */
export function fiscalYearOf(round: Round): number {
  const [year, month] = round.reference_date.split('-').map(Number) as [number, number];
  return year + 543 + (month >= 10 ? 1 : 0);
}

export interface AppliedRate {
  readonly bahtPerDay: number;
  readonly days: number;
}

/** Looks up rates of one fiscal year; the lunch rate depends on the institution's total enrolment. */
export function rateTable(reference: Reference, fiscalYear: number) {
  const rates = reference.subsidyRates.filter((r) => r.fiscal_year === fiscalYear);
  if (rates.length === 0)
    throw new SisError(
      'config/invalid',
      `no subsidy rates for fiscal year ${fiscalYear} (data/subsidy-rates.csv)`,
    );
  return (
    item: SubsidyRate['item'],
    kind: SubsidyRate['institution_kind'],
    enrolment: number,
  ): AppliedRate | null => {
    const rate = rates.find(
      (r) =>
        r.item === item &&
        r.institution_kind === kind &&
        enrolment >= r.min_enrolment &&
        (r.max_enrolment === null || enrolment <= r.max_enrolment),
    );
    return rate ? { bahtPerDay: rate.baht_per_day, days: rate.days } : null;
  };
}

/** Headcount × baht per day × days, in whole satang (rates carry at most two decimals). */
export function subsidyBaht(headcount: number, rate: AppliedRate | null): number {
  if (!rate) return 0;
  return (Math.round(rate.bahtPerDay * 100) * headcount * rate.days) / 100;
}
