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

/** Pupils of other-affiliation schools recorded by LAOs in a round, per LAO, school, grade and sex. */
export interface OtherSchoolCount {
  readonly laoCode: string;
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly grade: string;
  readonly sex: string;
  readonly pupils: number;
}

export async function readOtherSchoolCounts(db: ReportDb, roundId: string): Promise<OtherSchoolCount[]> {
  const rows = await db
    .selectFrom('other_school_counts')
    .select((eb) => [
      'lao_code',
      'school_code',
      'grade',
      'sex',
      eb.fn.max('school_name').as('school_name'),
      eb.fn.sum<bigint>('pupils').as('n'),
    ])
    .where('round_id', '=', roundId)
    .groupBy(['lao_code', 'school_code', 'grade', 'sex'])
    .execute();
  return rows.map((r) => ({
    laoCode: r.lao_code,
    schoolCode: r.school_code,
    schoolName: r.school_name,
    grade: r.grade,
    sex: r.sex,
    pupils: toNumber(r.n),
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
export function compileForm4(base: ReportBase, province: string, counts: readonly OtherSchoolCount[]): Form4 {
  const grades = subsidisedGrades(base.reference);
  const keyOf = new Map(grades.map((g) => [g.code, g.key]));
  const keys = grades.map((g) => g.key);
  const rows = new Map<string, { row: Form4Row; schools: Set<string> }>();
  const rowOf = (laoCode: string) => {
    const known = rows.get(laoCode);
    if (known) return known;
    const lao = base.laos.get(laoCode);
    const made = {
      row: {
        district: lao?.district ?? '',
        laoCode,
        laoName: lao?.laoName ?? laoCode,
        submitted: base.submitted.has(laoCode),
        schoolsKnown: base.otherSchoolsKnown.get(laoCode) ?? 0,
        schoolsRecorded: 0,
        pupils: emptyPupils(keys),
        lunchEligible: 0,
        milkEligible: 0,
      },
      schools: new Set<string>(),
    };
    rows.set(laoCode, made);
    return made;
  };
  for (const lao of base.laos.values())
    if (lao.provinceCode === province && (base.otherSchoolsKnown.get(lao.laoCode) ?? 0) > 0)
      rowOf(lao.laoCode);
  for (const c of counts) {
    if (base.laos.get(c.laoCode)?.provinceCode !== province) continue;
    const entry = rowOf(c.laoCode);
    entry.schools.add(c.schoolCode);
    const key = keyOf.get(c.grade);
    if (!key) continue;
    addSex(entry.row.pupils[key]!, c.sex, c.pupils);
    addSex(entry.row.pupils.total!, c.sex, c.pupils);
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
    .map(({ row, schools }) => {
      row.schoolsRecorded = schools.size;
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
