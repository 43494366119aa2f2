import type { Reference } from '../reference/reference.ts';
import { toNumber, type ReportDb } from './report-db.ts';
import { buildHeader, byKeys, type ReportBase } from './report-base.ts';
import { addSex, emptySexCount, sumSexCounts, type CompiledReport, type SexCount } from './report-types.ts';

/** Grades อ.1–ป.6 (those with lunch and milk in data/grades.csv) as stable keys: `k1`…`k3`, `p1`…`p6`. */
export function subsidisedGrades(reference: Reference): Array<{ code: string; key: string }> {
  const seen = new Map<string, number>();
  return reference.grades
    .filter((g) => g.lunch_milk)
    .sort((a, b) => a.order - b.order)
    .map((g) => {
      const prefix = g.level === 'kindergarten' ? 'k' : 'p';
      const n = (seen.get(prefix) ?? 0) + 1;
      seen.set(prefix, n);
      return { code: g.code, key: `${prefix}${n}` };
    });
}

/** Pupils of other-affiliation schools one LAO recorded in a round, by grade key and sex. */
export interface OtherLaoCount {
  readonly laoCode: string;
  readonly schoolsRecorded: number;
  readonly pupils: Record<string, SexCount>;
}

/**
 * One row per LAO with a sum per grade (อ.1–ป.6) and sex, pivoted in DuckDB with FILTER, so a
 * country's round returns thousands of rows rather than hundreds of thousands.
 */
export async function readOtherLaoCounts(
  db: ReportDb,
  reference: Reference,
  roundId: string,
): Promise<OtherLaoCount[]> {
  const grades = subsidisedGrades(reference);
  const rows = await db
    .selectFrom('other_school_counts')
    .select((eb) => [
      'lao_code',
      eb.fn.count<bigint>('school_code').distinct().as('schools'),
      ...grades.flatMap((g) =>
        (['M', 'F'] as const).map((sex) =>
          eb.fn
            .sum<bigint>('pupils')
            .filterWhere((w) => w.and([w('grade', '=', g.code), w('sex', '=', sex)]))
            .as(`${g.key}_${sex}`),
        ),
      ),
    ])
    .where('round_id', '=', roundId)
    .groupBy('lao_code')
    .execute();
  return rows.map((r) => {
    const values = r as unknown as Record<string, bigint | null>;
    const pupils: Record<string, SexCount> = {};
    for (const g of grades) {
      const count = emptySexCount();
      addSex(count, 'M', toNumber(values[`${g.key}_M`]));
      addSex(count, 'F', toNumber(values[`${g.key}_F`]));
      pupils[g.key] = count;
    }
    return { laoCode: r.lao_code, schoolsRecorded: toNumber(r.schools), pupils };
  });
}

/** An other-affiliation school's recorded pupils: all of them, and those of อ.1–ป.6. */
export interface OtherSchoolTally {
  readonly laoCode: string;
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly pupils: number;
  readonly eligible: number;
}

export async function readOtherSchoolTallies(
  db: ReportDb,
  reference: Reference,
  roundId: string,
): Promise<OtherSchoolTally[]> {
  const eligible = subsidisedGrades(reference).map((g) => g.code);
  const rows = await db
    .selectFrom('other_school_counts')
    .select((eb) => [
      'lao_code',
      'school_code',
      eb.fn.max('school_name').as('school_name'),
      eb.fn.sum<bigint>('pupils').as('pupils'),
      eb.fn.sum<bigint>('pupils').filterWhere('grade', 'in', eligible).as('eligible'),
    ])
    .where('round_id', '=', roundId)
    .groupBy(['lao_code', 'school_code'])
    .execute();
  return rows.map((r) => ({
    laoCode: r.lao_code,
    schoolCode: r.school_code,
    schoolName: r.school_name,
    pupils: toNumber(r.pupils),
    eligible: toNumber(r.eligible),
  }));
}

export interface Form4Row {
  district: string;
  laoCode: string;
  laoName: string;
  submitted: boolean;
  /** Other-affiliation schools of the LAO in the registry. */
  schoolsKnown: number;
  /** Distinct schools the LAO's file recorded for the round. */
  schoolsRecorded: number;
  /** Keys `k1`…`k3` (อ.1–อ.3) and `p1`…`p6` (ป.1–ป.6), then `total`. */
  pupils: Record<string, SexCount>;
  lunchEligible: number;
  milkEligible: number;
}

export type Form4Totals = Omit<Form4Row, 'district' | 'laoCode' | 'laoName' | 'submitted'> & {
  laos: number;
  laosSubmitted: number;
};

export type Form4 = CompiledReport<Form4Row, Form4Totals>;

function emptyPupils(keys: readonly string[]): Record<string, SexCount> {
  return Object.fromEntries([...keys, 'total'].map((k) => [k, emptySexCount()]));
}

/**
 * Form 4, other-affiliation schools: one row per LAO of the province that has such schools in
 * the registry or recorded any; schools recorded vs. known, pupils อ.1–ป.6 by grade and sex, and
 * the lunch- and milk-eligible headcounts (every pupil อ.1–ป.6).
 */
export function compileForm4(base: ReportBase, province: string, counts: readonly OtherLaoCount[]): Form4 {
  const grades = subsidisedGrades(base.reference);
  const keys = grades.map((g) => g.key);
  const rows = new Map<string, Form4Row>();
  const rowOf = (laoCode: string) => {
    const known = rows.get(laoCode);
    if (known) return known;
    const lao = base.laos.get(laoCode);
    const made: Form4Row = {
      district: lao?.district ?? '',
      laoCode,
      laoName: lao?.laoName ?? laoCode,
      submitted: base.submitted.has(laoCode),
      schoolsKnown: base.otherSchoolsKnown.get(laoCode) ?? 0,
      schoolsRecorded: 0,
      pupils: emptyPupils(keys),
      lunchEligible: 0,
      milkEligible: 0,
    };
    rows.set(laoCode, made);
    return made;
  };
  for (const lao of base.laos.values())
    if (lao.provinceCode === province && (base.otherSchoolsKnown.get(lao.laoCode) ?? 0) > 0)
      rowOf(lao.laoCode);
  for (const c of counts) {
    if (base.laos.get(c.laoCode)?.provinceCode !== province) continue;
    const row = rowOf(c.laoCode);
    row.schoolsRecorded += c.schoolsRecorded;
    for (const key of keys) {
      const n = c.pupils[key] ?? emptySexCount();
      sumSexCounts(row.pupils[key]!, n);
      sumSexCounts(row.pupils.total!, n);
    }
  }
  const totals: Form4Totals = {
    laos: 0,
    laosSubmitted: 0,
    schoolsKnown: 0,
    schoolsRecorded: 0,
    pupils: emptyPupils(keys),
    lunchEligible: 0,
    milkEligible: 0,
  };
  const sorted = [...rows.values()]
    .map((row) => {
      row.lunchEligible = row.pupils.total!.total;
      row.milkEligible = row.pupils.total!.total;
      return row;
    })
    .sort(
      byKeys(
        (r) => r.district,
        (r) => r.laoName,
        (r) => r.laoCode,
      ),
    );
  for (const row of sorted) {
    totals.laos += 1;
    totals.laosSubmitted += row.submitted ? 1 : 0;
    totals.schoolsKnown += row.schoolsKnown;
    totals.schoolsRecorded += row.schoolsRecorded;
    for (const key of [...keys, 'total']) sumSexCounts(totals.pupils[key]!, row.pupils[key]!);
    totals.lunchEligible += row.lunchEligible;
    totals.milkEligible += row.milkEligible;
  }
  return {
    header: buildHeader(
      base,
      'form4',
      province,
      sorted.map((r) => r.laoCode),
      sorted.filter((r) => !r.submitted).length,
    ),
    rows: sorted,
    totals,
    extra: {},
  };
}
