import { buildHeader, byKeys, type ReportBase } from './report-base.ts';
import { addSex, emptySexCount, sumSexCounts, type CompiledReport, type SexCount } from './report-types.ts';
import type { InstitutionFacts, RosterCount } from './roster-counts.ts';

export const AGE_KEYS = ['age2', 'age3', 'age4', 'age5'] as const;
export type AgeKey = (typeof AGE_KEYS)[number];
export type AgeCounts = Record<AgeKey | 'total', SexCount>;

/** A child's age group at the reference date: 2, 3, 4, or 5 and over (younger ones join 2). */
export function ageKey(group: string): AgeKey {
  const age = Number(group);
  if (!(age > 2)) return 'age2';
  if (age >= 5) return 'age5';
  return age === 3 ? 'age3' : 'age4';
}

export function emptyAgeCounts(): AgeCounts {
  return {
    age2: emptySexCount(),
    age3: emptySexCount(),
    age4: emptySexCount(),
    age5: emptySexCount(),
    total: emptySexCount(),
  };
}

export interface Form5Row {
  district: string;
  laoCode: string;
  laoName: string;
  institutionCode: string;
  institutionName: string;
  submitted: boolean;
  children: AgeCounts;
  /** From the centre's info sheet; null when it sent none. */
  caregivers: number | null;
  teachers: number | null;
}

export interface Form5Subtotal {
  district: string;
  laoCode: string | null;
  laoName: string | null;
  centresRegistered: number;
  centresSubmitted: number;
  children: AgeCounts;
  caregivers: number;
  teachers: number;
}

export type Form5 = CompiledReport<Form5Row, Form5Subtotal, { laoTotals: Form5Subtotal[] }>;

/**
 * Form 5, child development centres: every open CDC of the province (and any other CDC with
 * counted children), children by age group at the reference date and sex, caregivers and
 * teachers; per LAO, centres registered (open in the registry) and submitted.
 */
export function compileForm5(
  base: ReportBase,
  province: string,
  counts: readonly RosterCount[],
  facts: ReadonlyMap<string, InstitutionFacts>,
): Form5 {
  const entries = new Map<string, { row: Form5Row; once: AgeCounts; open: boolean }>();
  const inProvince = (code: string) => {
    const inst = base.institutions.get(code);
    return inst?.kind === 'cdc' && base.laos.get(inst.laoCode)?.provinceCode === province;
  };
  const entryOf = (code: string) => {
    const known = entries.get(code);
    if (known) return known;
    const inst = base.institutions.get(code);
    const lao = base.laos.get(inst?.laoCode ?? '');
    const fact = facts.get(code);
    const made = {
      row: {
        district: lao?.district ?? '',
        laoCode: lao?.laoCode ?? '',
        laoName: lao?.laoName ?? '',
        institutionCode: code,
        institutionName: inst?.institutionName ?? code,
        submitted: base.submitted.has(code),
        children: emptyAgeCounts(),
        caregivers: fact?.caregivers ?? null,
        teachers: fact?.teachers ?? null,
      },
      once: emptyAgeCounts(),
      open: inst?.open ?? false,
    };
    entries.set(code, made);
    return made;
  };
  for (const inst of base.institutions.values())
    if (inst.open && inProvince(inst.institutionCode)) entryOf(inst.institutionCode);
  for (const c of counts) {
    if (c.personKind !== 'child' || !inProvince(c.institutionCode)) continue;
    const key = ageKey(c.group);
    const { row, once } = entryOf(c.institutionCode);
    addSex(row.children[key], c.sex, c.all);
    addSex(row.children.total, c.sex, c.all);
    addSex(once[key], c.sex, c.once);
    addSex(once.total, c.sex, c.once);
  }
  const sorted = [...entries.values()].sort(
    byKeys(
      (e) => e.row.district,
      (e) => e.row.laoName,
      (e) => e.row.laoCode,
      (e) => e.row.institutionName,
      (e) => e.row.institutionCode,
    ),
  );
  const subtotal = (district: string, laoCode: string | null, laoName: string | null): Form5Subtotal => ({
    district,
    laoCode,
    laoName,
    centresRegistered: 0,
    centresSubmitted: 0,
    children: emptyAgeCounts(),
    caregivers: 0,
    teachers: 0,
  });
  const laoTotals = new Map<string, Form5Subtotal>();
  const totals = subtotal('', null, null);
  for (const { row, once, open } of sorted) {
    const lao = laoTotals.get(row.laoCode) ?? subtotal(row.district, row.laoCode, row.laoName);
    laoTotals.set(row.laoCode, lao);
    for (const t of [lao, totals]) {
      t.centresRegistered += open ? 1 : 0;
      t.centresSubmitted += row.submitted ? 1 : 0;
      for (const key of [...AGE_KEYS, 'total'] as const) sumSexCounts(t.children[key], once[key]);
      t.caregivers += row.caregivers ?? 0;
      t.teachers += row.teachers ?? 0;
    }
  }
  const rows = sorted.map((e) => e.row);
  return {
    header: buildHeader(
      base,
      'form5',
      province,
      rows.map((r) => r.institutionCode),
      rows.filter((r) => !r.submitted).length,
    ),
    rows,
    totals,
    extra: { laoTotals: [...laoTotals.values()] },
  };
}
