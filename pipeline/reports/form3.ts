import { buildHeader, type ReportBase } from './report-base.ts';
import type { CompiledReport } from './report-types.ts';

export interface Form3Row {
  /** The type's code in data/lao-types.csv (`pao`, `city`, `town`, …). */
  laoType: string;
  laoTypeTh: string;
  laos: number;
  /** LAOs running open schools and no CDC. */
  runSchools: number;
  /** LAOs running open CDCs and no school. */
  runCdcs: number;
  runBoth: number;
  runNeither: number;
  schools: number;
  cdcs: number;
}

export type Form3Totals = Omit<Form3Row, 'laoType' | 'laoTypeTh'>;
export type Form3 = CompiledReport<Form3Row, Form3Totals>;

/**
 * Form 3, LAOs that provide education: per LAO type (every type of data/lao-types.csv, in its
 * order), the province's LAOs split into four exclusive groups by the open institutions the
 * registry gives them — schools only, CDCs only, both, neither — with the number of schools and CDCs.
 */
export function compileForm3(base: ReportBase, province: string): Form3 {
  const perLao = new Map<string, { schools: number; cdcs: number }>();
  for (const lao of base.laos.values())
    if (lao.provinceCode === province) perLao.set(lao.laoCode, { schools: 0, cdcs: 0 });
  for (const inst of base.institutions.values()) {
    const counts = perLao.get(inst.laoCode);
    if (!counts || !inst.open) continue;
    if (inst.kind === 'cdc') counts.cdcs += 1;
    else counts.schools += 1;
  }
  const empty = (): Form3Totals => ({
    laos: 0,
    runSchools: 0,
    runCdcs: 0,
    runBoth: 0,
    runNeither: 0,
    schools: 0,
    cdcs: 0,
  });
  const byType = new Map<string, Form3Totals>(base.reference.laoTypes.map((t) => [t.code, empty()]));
  const totals = empty();
  for (const [code, counts] of perLao) {
    const type = base.laos.get(code)?.laoType ?? '';
    const row = byType.get(type) ?? empty();
    byType.set(type, row);
    for (const t of [row, totals]) {
      t.laos += 1;
      if (counts.schools > 0 && counts.cdcs > 0) t.runBoth += 1;
      else if (counts.schools > 0) t.runSchools += 1;
      else if (counts.cdcs > 0) t.runCdcs += 1;
      else t.runNeither += 1;
      t.schools += counts.schools;
      t.cdcs += counts.cdcs;
    }
  }
  const rows = [...byType].map(([laoType, counts]) => ({
    laoType,
    laoTypeTh: base.reference.laoTypes.find((t) => t.code === laoType)?.abbr_th ?? laoType,
    ...counts,
  }));
  const open = [...base.institutions.values()].filter((i) => i.open && perLao.has(i.laoCode));
  return {
    header: buildHeader(
      base,
      'form3',
      province,
      open.map((i) => i.institutionCode),
      open.filter((i) => !base.submitted.has(i.institutionCode)).length,
    ),
    rows,
    totals,
    extra: {},
  };
}
