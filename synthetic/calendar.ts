import type { IsoDate } from '../pipeline/dates/thai-date.ts';

/**
 * The generator's own calendar arithmetic. truth.json must be an independent account of what a
 * correct pipeline finds, so nothing here is borrowed from the pipeline's date code: a bug there
 * then shows up as a difference from the truth instead of being copied into it.
 */

/** A Buddhist Era year is the Common Era year plus 543. */
export const BE_OFFSET = 543;

const DAY_MS = 86_400_000;
/** Day 0 of Excel's 1900 date system as it counts after 1 March 1900 (its phantom 29 Feb 1900 absorbed). */
const EXCEL_DAY_ZERO_MS = Date.UTC(1899, 11, 30);

/** Completed years of age on a day: the birthday itself counts (born 29 Feb: 1 March in common years). */
export function ageOn(birth: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = dateParts(birth);
  const [oy, om, od] = dateParts(on);
  const birthdayPassed = om > bm || (om === bm && od >= bd);
  return oy - by - (birthdayPassed ? 0 : 1);
}

/** The serial number Excel stores for a day (the 1900 date system, dates from March 1900). */
export function excelSerial(iso: IsoDate): number {
  const [y, m, d] = dateParts(iso);
  return Math.round((Date.UTC(y, m - 1, d) - EXCEL_DAY_ZERO_MS) / DAY_MS);
}

function dateParts(iso: IsoDate): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number);
  return [y!, m!, d!];
}
