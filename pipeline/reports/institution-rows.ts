import { byKeys, institutionsIn, type ReportBase } from './report-base.ts';
import { addSex, type SexCount } from './report-types.ts';
import type { RosterCount } from './roster-counts.ts';

/** Where an institution sits and whether it submitted: the first columns of forms 2 and 5. */
export interface PlacedInstitution {
  district: string;
  laoCode: string;
  laoName: string;
  institutionCode: string;
  institutionName: string;
  submitted: boolean;
}

export interface TalliedInstitution<C> {
  readonly place: PlacedInstitution;
  /** Open in the registry. */
  readonly open: boolean;
  /** Every accepted record: what the institution's own row shows. */
  readonly all: C;
  /** Records that count in LAO, district and province totals (an unresolved duplicate once). */
  readonly once: C;
}

/**
 * The institutions of one kind in a province — every open one, and any other with counted
 * records of `personKind` — with their counts per bucket (`bucketOf(group)`) and sex, sorted in
 * Thai order by district, LAO name, LAO code, institution name and code.
 */
export function tallyInstitutions<K extends string>(
  base: ReportBase,
  province: string,
  kind: 'school' | 'cdc',
  personKind: RosterCount['personKind'],
  counts: readonly RosterCount[],
  empty: () => Record<K | 'total', SexCount>,
  bucketOf: (group: string) => K,
): Array<TalliedInstitution<Record<K | 'total', SexCount>>> {
  const entries = new Map<string, TalliedInstitution<Record<K | 'total', SexCount>>>();
  const entryOf = (code: string) => {
    const known = entries.get(code);
    if (known) return known;
    const inst = base.institutions.get(code);
    const lao = base.laos.get(inst?.laoCode ?? '');
    const made = {
      place: {
        district: lao?.district ?? '',
        laoCode: lao?.laoCode ?? '',
        laoName: lao?.laoName ?? '',
        institutionCode: code,
        institutionName: inst?.institutionName ?? code,
        submitted: base.submitted.has(code),
      },
      open: inst?.open ?? false,
      all: empty(),
      once: empty(),
    };
    entries.set(code, made);
    return made;
  };
  const inProvince = (code: string) => {
    const inst = base.institutions.get(code);
    return inst?.kind === kind && base.laos.get(inst.laoCode)?.provinceCode === province;
  };
  for (const inst of institutionsIn(base, province))
    if (inst.open && inst.kind === kind) entryOf(inst.institutionCode);
  for (const c of counts) {
    if (c.personKind !== personKind || !inProvince(c.institutionCode)) continue;
    const bucket = bucketOf(c.group);
    const { all, once } = entryOf(c.institutionCode);
    addSex(all[bucket], c.sex, c.all);
    addSex(all.total, c.sex, c.all);
    addSex(once[bucket], c.sex, c.once);
    addSex(once.total, c.sex, c.once);
  }
  return [...entries.values()].sort(
    byKeys(
      (e) => e.place.district,
      (e) => e.place.laoName,
      (e) => e.place.laoCode,
      (e) => e.place.institutionName,
      (e) => e.place.institutionCode,
    ),
  );
}
