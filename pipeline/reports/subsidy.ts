import { buildHeader, byKeys, type ReportBase } from './report-base.ts';
import type { CompiledReport } from './report-types.ts';
import type { OtherSchoolTally } from './form4.ts';
import type { RosterCount } from './roster-counts.ts';
import { fiscalYearOf, rateTable, subsidyBaht } from './subsidy-rates.ts';

export interface SubsidyRow {
  district: string;
  laoCode: string;
  laoName: string;
  institutionCode: string;
  institutionName: string;
  /** `school` (LAO school), `cdc`, or `other-school` (other affiliation, lunch paid by the LAO). */
  kind: 'school' | 'cdc' | 'other-school';
  submitted: boolean;
  /** Every counted record of the institution: what the lunch tier is chosen by. */
  enrolment: number;
  lunchHeadcount: number;
  lunchRate: number | null;
  lunchDays: number | null;
  lunchBaht: number;
  milkHeadcount: number;
  milkRate: number | null;
  milkDays: number | null;
  milkBaht: number;
  totalBaht: number;
}

export interface SubsidyTotals {
  institutions: number;
  enrolment: number;
  lunchHeadcount: number;
  lunchBaht: number;
  milkHeadcount: number;
  milkBaht: number;
  totalBaht: number;
}

export type Subsidy = CompiledReport<
  SubsidyRow,
  SubsidyTotals,
  {
    fiscalYear: number;
    pendingClusters: number;
    laoTotals: Array<SubsidyTotals & { laoCode: string; laoName: string }>;
  }
>;

interface Tally {
  enrolment: number;
  eligible: number;
}

/**
 * The lunch and milk subsidy estimate: per institution, headcounts of อ.1–ป.6 pupils and CDC
 * children, the rate and days of the round's fiscal year, and baht. Headcounts count an
 * unresolved duplicate once; records answered 201–206 are not counted at all.
 */
export function compileSubsidy(
  base: ReportBase,
  province: string,
  counts: readonly RosterCount[],
  otherCounts: readonly OtherSchoolTally[],
  pendingClusters: number,
): Subsidy {
  const fiscalYear = fiscalYearOf(base.round);
  const rateOf = rateTable(base.reference, fiscalYear);
  const eligibleGrades = new Set(base.reference.grades.filter((g) => g.lunch_milk).map((g) => g.code));
  const tallies = new Map<string, Tally>();
  const tallyOf = (code: string) => {
    const t = tallies.get(code) ?? { enrolment: 0, eligible: 0 };
    tallies.set(code, t);
    return t;
  };
  const ownInProvince = (code: string) => {
    const inst = base.institutions.get(code);
    return inst !== undefined && base.laos.get(inst.laoCode)?.provinceCode === province;
  };
  for (const inst of base.institutions.values())
    if (inst.open && ownInProvince(inst.institutionCode)) tallyOf(inst.institutionCode);
  for (const c of counts) {
    if (!ownInProvince(c.institutionCode)) continue;
    const t = tallyOf(c.institutionCode);
    t.enrolment += c.all;
    if (c.personKind === 'child' || eligibleGrades.has(c.group)) t.eligible += c.once;
  }
  const rows: SubsidyRow[] = [];
  for (const [code, t] of tallies) {
    const inst = base.institutions.get(code)!;
    const kind = inst.kind === 'cdc' ? 'cdc' : 'school';
    rows.push(row(base, inst.laoCode, code, inst.institutionName, kind, base.submitted.has(code), t, rateOf));
  }
  for (const c of otherCounts) {
    if (base.laos.get(c.laoCode)?.provinceCode !== province) continue;
    const tally = { enrolment: c.pupils, eligible: c.eligible };
    rows.push(
      row(
        base,
        c.laoCode,
        c.schoolCode,
        c.schoolName,
        'other-school',
        base.submitted.has(c.laoCode),
        tally,
        rateOf,
      ),
    );
  }
  rows.sort(
    byKeys(
      (r) => r.district,
      (r) => r.laoName,
      (r) => r.laoCode,
      (r) => r.kind,
      (r) => r.institutionName,
      (r) => r.institutionCode,
    ),
  );
  const empty = (): SubsidyTotals => ({
    institutions: 0,
    enrolment: 0,
    lunchHeadcount: 0,
    lunchBaht: 0,
    milkHeadcount: 0,
    milkBaht: 0,
    totalBaht: 0,
  });
  const totals = empty();
  const laoTotals = new Map<string, SubsidyTotals & { laoCode: string; laoName: string }>();
  for (const r of rows) {
    const lao = laoTotals.get(r.laoCode) ?? { laoCode: r.laoCode, laoName: r.laoName, ...empty() };
    laoTotals.set(r.laoCode, lao);
    for (const t of [lao, totals]) {
      t.institutions += 1;
      t.enrolment += r.enrolment;
      t.lunchHeadcount += r.lunchHeadcount;
      t.lunchBaht = roundSatang(t.lunchBaht + r.lunchBaht);
      t.milkHeadcount += r.milkHeadcount;
      t.milkBaht = roundSatang(t.milkBaht + r.milkBaht);
      t.totalBaht = roundSatang(t.totalBaht + r.totalBaht);
    }
  }
  const own = rows.filter((r) => r.kind !== 'other-school');
  return {
    header: buildHeader(
      base,
      'subsidy',
      province,
      rows.map((r) => (r.kind === 'other-school' ? r.laoCode : r.institutionCode)),
      own.filter((r) => !r.submitted).length,
    ),
    rows,
    totals,
    extra: { fiscalYear, pendingClusters, laoTotals: [...laoTotals.values()] },
  };
}

function row(
  base: ReportBase,
  laoCode: string,
  code: string,
  name: string,
  kind: SubsidyRow['kind'],
  submitted: boolean,
  tally: Tally,
  rateOf: ReturnType<typeof rateTable>,
): SubsidyRow {
  const lao = base.laos.get(laoCode);
  const rateKind = kind === 'cdc' ? 'cdc' : 'school';
  const lunch = rateOf('lunch', rateKind, tally.enrolment);
  const milk = rateOf('milk', rateKind, tally.enrolment);
  const lunchBaht = subsidyBaht(tally.eligible, lunch);
  const milkBaht = subsidyBaht(tally.eligible, milk);
  return {
    district: lao?.district ?? '',
    laoCode,
    laoName: lao?.laoName ?? laoCode,
    institutionCode: code,
    institutionName: name,
    kind,
    submitted,
    enrolment: tally.enrolment,
    lunchHeadcount: tally.eligible,
    lunchRate: lunch?.bahtPerDay ?? null,
    lunchDays: lunch?.days ?? null,
    lunchBaht,
    milkHeadcount: tally.eligible,
    milkRate: milk?.bahtPerDay ?? null,
    milkDays: milk?.days ?? null,
    milkBaht,
    totalBaht: roundSatang(lunchBaht + milkBaht),
  };
}

function roundSatang(baht: number): number {
  return Math.round(baht * 100) / 100;
}
