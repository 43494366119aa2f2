import type { Reference } from '../reference/reference.ts';
import { buildHeader, byKeys, type ReportBase } from './report-base.ts';
import { addSex, emptySexCount, sumSexCounts, type CompiledReport, type SexCount } from './report-types.ts';
import type { InstitutionFacts, RosterCount } from './roster-counts.ts';

export const LEVEL_KEYS = [
  'kindergarten',
  'primary',
  'lowerSecondary',
  'upperSecondary',
  'vocational',
] as const;
export type LevelKey = (typeof LEVEL_KEYS)[number];
export type LevelCounts = Record<LevelKey | 'total', SexCount>;

const LEVEL_OF_REFERENCE: Record<string, LevelKey> = {
  kindergarten: 'kindergarten',
  primary: 'primary',
  'lower-secondary': 'lowerSecondary',
  'upper-secondary': 'upperSecondary',
  vocational: 'vocational',
};

/** Grade code → level key, from data/grades.csv. */
export function gradeLevels(reference: Reference): Map<string, LevelKey> {
  return new Map(reference.grades.map((g) => [g.code, LEVEL_OF_REFERENCE[g.level] ?? 'vocational']));
}

export function emptyLevelCounts(): LevelCounts {
  return {
    kindergarten: emptySexCount(),
    primary: emptySexCount(),
    lowerSecondary: emptySexCount(),
    upperSecondary: emptySexCount(),
    vocational: emptySexCount(),
    total: emptySexCount(),
  };
}

function addLevels(into: LevelCounts, from: LevelCounts): void {
  for (const key of [...LEVEL_KEYS, 'total'] as const) sumSexCounts(into[key], from[key]);
}

export interface Form2Row {
  district: string;
  laoCode: string;
  laoName: string;
  institutionCode: string;
  institutionName: string;
  submitted: boolean;
  pupils: LevelCounts;
  /** From the school's info sheet; null when it sent none. */
  teachers: number | null;
  classrooms: number | null;
}

export interface Form2Subtotal {
  district: string;
  laoCode: string | null;
  laoName: string | null;
  schools: number;
  schoolsSubmitted: number;
  pupils: LevelCounts;
  teachers: number;
  classrooms: number;
}

export type Form2 = CompiledReport<
  Form2Row,
  Form2Subtotal,
  { laoTotals: Form2Subtotal[]; districtTotals: Form2Subtotal[] }
>;

/**
 * Form 2, education in LAO schools: every open school of the province (and any other school of
 * the registry with counted pupils), its pupils by level and sex, teachers, classrooms and
 * whether it submitted. A school's row counts every accepted record; LAO, district and province
 * totals count an unresolved duplicate once.
 */
export function compileForm2(
  base: ReportBase,
  province: string,
  counts: readonly RosterCount[],
  facts: ReadonlyMap<string, InstitutionFacts>,
): Form2 {
  const levels = gradeLevels(base.reference);
  const rowsByCode = new Map<string, { row: Form2Row; once: LevelCounts }>();
  const rowOf = (code: string) => {
    const known = rowsByCode.get(code);
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
        pupils: emptyLevelCounts(),
        teachers: fact?.teachers ?? null,
        classrooms: fact?.classrooms ?? null,
      },
      once: emptyLevelCounts(),
    };
    rowsByCode.set(code, made);
    return made;
  };
  const inProvince = (code: string) => {
    const inst = base.institutions.get(code);
    return inst?.kind === 'school' && base.laos.get(inst.laoCode)?.provinceCode === province;
  };
  for (const inst of base.institutions.values())
    if (inst.open && inProvince(inst.institutionCode)) rowOf(inst.institutionCode);
  for (const c of counts) {
    if (c.personKind !== 'pupil' || !inProvince(c.institutionCode)) continue;
    const level = levels.get(c.group) ?? 'vocational';
    const { row, once } = rowOf(c.institutionCode);
    addSex(row.pupils[level], c.sex, c.all);
    addSex(row.pupils.total, c.sex, c.all);
    addSex(once[level], c.sex, c.once);
    addSex(once.total, c.sex, c.once);
  }
  const entries = [...rowsByCode.values()].sort(
    byKeys(
      (e) => e.row.district,
      (e) => e.row.laoName,
      (e) => e.row.laoCode,
      (e) => e.row.institutionName,
      (e) => e.row.institutionCode,
    ),
  );
  const subtotal = (district: string, laoCode: string | null, laoName: string | null): Form2Subtotal => ({
    district,
    laoCode,
    laoName,
    schools: 0,
    schoolsSubmitted: 0,
    pupils: emptyLevelCounts(),
    teachers: 0,
    classrooms: 0,
  });
  const laoTotals = new Map<string, Form2Subtotal>();
  const districtTotals = new Map<string, Form2Subtotal>();
  const totals = subtotal('', null, null);
  for (const { row, once } of entries) {
    const lao = laoTotals.get(row.laoCode) ?? subtotal(row.district, row.laoCode, row.laoName);
    laoTotals.set(row.laoCode, lao);
    const district = districtTotals.get(row.district) ?? subtotal(row.district, null, null);
    districtTotals.set(row.district, district);
    for (const t of [lao, district, totals]) {
      t.schools += 1;
      t.schoolsSubmitted += row.submitted ? 1 : 0;
      addLevels(t.pupils, once);
      t.teachers += row.teachers ?? 0;
      t.classrooms += row.classrooms ?? 0;
    }
  }
  const rows = entries.map((e) => e.row);
  return {
    header: buildHeader(
      base,
      'form2',
      province,
      rows.map((r) => r.institutionCode),
      rows.filter((r) => !r.submitted).length,
    ),
    rows,
    totals,
    extra: { laoTotals: [...laoTotals.values()], districtTotals: [...districtTotals.values()] },
  };
}
