import { ageOn } from './calendar.ts';
import type { IdIssuer } from './national-ids.ts';
import type { InstitutionKind, PersonRow, SyntheticInstitution } from './model.ts';
import type { Rng } from './prng.ts';
import {
  birthDateForAgeOn,
  birthDateForMayAge,
  nameSkeleton,
  prefixFor,
  type PersonKeys,
  type RosterContext,
} from './roster-rows.ts';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES } from './thai-names.ts';

export type DuplicateRule = 'same-id' | 'same-name-dob' | 'probable' | 'near-miss';

/** A planted group: the rows stay objects until the files are laid out and their cells are known. */
export interface PlannedDuplicate {
  readonly rule: DuplicateRule;
  readonly variant: string;
  /** For ID typos: the 1-based positions of the changed digits (the check digit was recomputed). */
  readonly positions?: readonly number[];
  readonly members: ReadonlyArray<{ readonly institution: SyntheticInstitution; readonly row: PersonRow }>;
}

/** A roster being planned: an open institution that sends a file, and its rows. */
export interface PlannedRoster {
  readonly institution: SyntheticInstitution;
  rows: PersonRow[];
}

const RULES: ReadonlyArray<readonly [readonly [DuplicateRule, string], number]> = [
  [['same-id', 'school-school'], 10],
  [['same-id', 'cdc-cdc'], 18],
  [['same-id', 'school-cdc'], 12],
  [['same-name-dob', 'digit-changed'], 12],
  [['same-name-dob', 'transposed'], 10],
  [['same-name-dob', 'different-id'], 8],
  [['probable', 'tone-mark-dropped'], 6],
  [['probable', 'tone-mark-changed'], 3],
  [['probable', 'vowel-changed'], 6],
  [['near-miss', 'twins'], 10],
  [['near-miss', 'namesake'], 5],
];

const TONE_MARK = /^[\u0E48-\u0E4B]$/u;
const VOWEL_SWAPS: ReadonlyArray<readonly [string, string]> = [
  ['\u0E34', '\u0E35'],
  ['\u0E35', '\u0E34'],
  ['\u0E36', '\u0E37'],
  ['\u0E37', '\u0E36'],
  ['\u0E38', '\u0E39'],
  ['\u0E39', '\u0E38'],
];

interface Deps {
  readonly ctx: RosterContext;
  readonly issuer: IdIssuer;
  readonly keys: PersonKeys;
  readonly rng: Rng;
}

/**
 * Plants `count` duplicate groups among a province's rosters: the same child (same ID) in two
 * institutions, the same name and birth date under an ID with a typo or another ID, near-identical
 * names in one district, and near-misses (twins, namesakes) that must stay apart. Originals and
 * copies are clean rows and are marked reserved so no problem is planted on them later.
 */
export function plantDuplicates(
  rosters: readonly PlannedRoster[],
  count: number,
  deps: Deps,
): PlannedDuplicate[] {
  const pools = {
    school: new Pool(rosters.filter((r) => r.institution.kind === 'school')),
    cdc: new Pool(rosters.filter((r) => r.institution.kind === 'cdc')),
  };
  const groups: PlannedDuplicate[] = [];
  for (let attempt = 0; groups.length < count && attempt < count * 4; attempt++) {
    const [rule, variant] = deps.rng.weighted(RULES);
    const group = plantOne(rule, variant, pools, deps);
    if (group) groups.push(group);
  }
  return groups;
}

function plantOne(
  rule: DuplicateRule,
  variant: string,
  pools: Record<InstitutionKind, Pool>,
  deps: Deps,
): PlannedDuplicate | null {
  const kind: InstitutionKind = variant.startsWith('school')
    ? 'school'
    : variant === 'cdc-cdc'
      ? 'cdc'
      : deps.rng.chance(0.45)
        ? 'school'
        : 'cdc';
  if (rule === 'same-id')
    return variant === 'school-cdc' ? schoolToCdc(pools, deps) : sameIdCopy(pools[kind], deps);
  if (rule === 'same-name-dob')
    return sameNameDob(pools[kind], variant as 'digit-changed' | 'transposed' | 'different-id', deps);
  if (rule === 'probable') return probable(pools[kind], variant, deps);
  return variant === 'twins' ? twins(pools[kind], deps) : namesake(pools[kind], deps);
}

function sameIdCopy(pool: Pool, deps: Deps): PlannedDuplicate | null {
  const original = pool.pickRow(deps.rng);
  if (!original) return null;
  const target = pool.pickTarget(original, deps.rng, false);
  if (!target) return null;
  const copy = copyRow(original.row);
  return commit(
    {
      rule: 'same-id',
      variant: `${original.roster.institution.kind}-${target.institution.kind}`,
      members: [],
    },
    original,
    target,
    copy,
  );
}

function schoolToCdc(pools: Record<InstitutionKind, Pool>, deps: Deps): PlannedDuplicate | null {
  const original = pools.school.pickRow(
    deps.rng,
    (row) => row.grade.startsWith('อ.') && cdcAgeFits(row, deps.ctx),
  );
  if (!original) return null;
  const target = pools.cdc.pickTarget(original, deps.rng, false);
  if (!target) return null;
  const copy = { ...copyRow(original.row), grade: '', room: '' };
  return commit({ rule: 'same-id', variant: 'school-cdc', members: [] }, original, target, copy);
}

/** Aged 2–5 at the reference date and not within three days of a birthday, so the age group is unambiguous. */
function cdcAgeFits(row: PersonRow, ctx: RosterContext): boolean {
  const age = ageOn(row.birthDate, ctx.referenceDate);
  if (age < 2 || age > 5) return false;
  const shift = (days: number) =>
    new Date(Date.parse(`${ctx.referenceDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return ageOn(row.birthDate, shift(-3)) === age && ageOn(row.birthDate, shift(3)) === age;
}

function sameNameDob(
  pool: Pool,
  variant: 'digit-changed' | 'transposed' | 'different-id',
  deps: Deps,
): PlannedDuplicate | null {
  const original = pool.pickRow(deps.rng);
  if (!original) return null;
  const target = pool.pickTarget(original, deps.rng, false);
  if (!target) return null;
  let positions: number[] | undefined;
  let id: string;
  if (variant === 'different-id') id = deps.issuer.nationalId(deps.rng);
  else {
    const typo = deps.issuer.typo(original.row.nationalId, variant, deps.rng);
    if (!typo) return null;
    id = typo.id;
    positions = typo.positions;
  }
  const copy = { ...copyRow(original.row), nationalId: id };
  return commit(
    { rule: 'same-name-dob', variant, members: [], ...(positions ? { positions } : {}) },
    original,
    target,
    copy,
  );
}

function probable(pool: Pool, variant: string, deps: Deps): PlannedDuplicate | null {
  const original = pool.pickRow(
    deps.rng,
    (row) =>
      alterName(row.firstName, variant, deps.rng) !== null ||
      alterName(row.lastName, variant, deps.rng) !== null,
  );
  if (!original) return null;
  const target = pool.pickTarget(original, deps.rng, true);
  if (!target) return null;
  const copy = { ...copyRow(original.row), nationalId: deps.issuer.nationalId(deps.rng) };
  const first = alterName(copy.firstName, variant, deps.rng);
  if (first !== null && (deps.rng.chance(0.5) || alterName(copy.lastName, variant, deps.rng) === null))
    copy.firstName = first;
  else copy.lastName = alterName(copy.lastName, variant, deps.rng) ?? copy.lastName;
  return commit({ rule: 'probable', variant, members: [] }, original, target, copy);
}

/** The name with one tone mark dropped or changed, or one vowel swapped for its long/short pair; null if none applies. */
export function alterName(name: string, variant: string, rng: Rng): string | null {
  const chars = [...name];
  if (variant === 'tone-mark-dropped' || variant === 'tone-mark-changed') {
    const at = chars.flatMap((c, i) => (TONE_MARK.test(c) ? [i] : []));
    if (at.length === 0) return null;
    const i = rng.pick(at);
    if (variant === 'tone-mark-dropped') chars.splice(i, 1);
    else chars[i] = chars[i] === '\u0E48' ? '\u0E49' : '\u0E48';
    return chars.join('');
  }
  const at = chars.flatMap((c, i) => (VOWEL_SWAPS.some(([from]) => from === c) ? [i] : []));
  if (at.length === 0) return null;
  const i = rng.pick(at);
  chars[i] = VOWEL_SWAPS.find(([from]) => from === chars[i])![1];
  return chars.join('');
}

function twins(pool: Pool, deps: Deps): PlannedDuplicate | null {
  const original = pool.pickRow(deps.rng);
  if (!original) return null;
  const sex = deps.rng.chance(0.5) ? original.row.sex : original.row.sex === 'M' ? 'F' : 'M';
  const names = sex === 'M' ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES;
  let firstName: string | null = null;
  for (let attempt = 0; attempt < 20 && firstName === null; attempt++) {
    const candidate = deps.rng.pick(names);
    if (
      nameSkeleton(candidate) !== nameSkeleton(original.row.firstName) &&
      deps.keys.claim(candidate, original.row.lastName, original.row.birthDate)
    )
      firstName = candidate;
  }
  if (firstName === null) return null;
  const twin: PersonRow = {
    ...copyRow(original.row),
    nationalId: deps.issuer.sibling(original.row.nationalId, deps.rng),
    sex,
    firstName,
    prefix: prefixFor(sex, original.row.birthDate, deps.ctx.referenceDate),
  };
  return commit({ rule: 'near-miss', variant: 'twins', members: [] }, original, original.roster, twin);
}

function namesake(pool: Pool, deps: Deps): PlannedDuplicate | null {
  const original = pool.pickRow(deps.rng);
  if (!original) return null;
  const target = pool.pickTarget(original, deps.rng, true);
  if (!target) return null;
  const row = original.row;
  for (let attempt = 0; attempt < 10; attempt++) {
    const birthDate =
      target.institution.kind === 'school'
        ? birthDateForMayAge(deps.ctx.yearCe, deps.ctx.expectedAge.get(row.grade) ?? 6, deps.rng)
        : birthDateForAgeOn(deps.ctx.referenceDate, ageOn(row.birthDate, deps.ctx.referenceDate), deps.rng);
    if (birthDate === row.birthDate || !deps.keys.claim(row.firstName, row.lastName, birthDate)) continue;
    const other: PersonRow = {
      ...copyRow(row),
      nationalId: deps.issuer.nationalId(deps.rng),
      birthDate,
      prefix: prefixFor(row.sex, birthDate, deps.ctx.referenceDate),
    };
    return commit({ rule: 'near-miss', variant: 'namesake', members: [] }, original, target, other);
  }
  return null;
}

function copyRow(row: PersonRow): PersonRow {
  return { ...row, problem: null, reserved: true };
}

function commit(
  group: PlannedDuplicate,
  original: PickedRow,
  target: PlannedRoster,
  copy: PersonRow,
): PlannedDuplicate {
  original.row.reserved = true;
  copy.reserved = true;
  target.rows.push(copy);
  return {
    ...group,
    members: [
      { institution: original.roster.institution, row: original.row },
      { institution: target.institution, row: copy },
    ],
  };
}

interface PickedRow {
  readonly roster: PlannedRoster;
  readonly row: PersonRow;
}

/** The rosters of one institution kind, for picking rows in proportion to size and targets nearby. */
class Pool {
  private readonly cumulative: number[] = [];
  private readonly byDistrict = new Map<string, PlannedRoster[]>();
  private readonly total: number;

  constructor(private readonly rosters: readonly PlannedRoster[]) {
    let sum = 0;
    for (const roster of rosters) {
      sum += roster.rows.length;
      this.cumulative.push(sum);
      const list = this.byDistrict.get(roster.institution.district) ?? [];
      list.push(roster);
      this.byDistrict.set(roster.institution.district, list);
    }
    this.total = sum;
  }

  /** A clean, unreserved row with a national ID (and passing `accept`), or null after a few tries. */
  pickRow(rng: Rng, accept: (row: PersonRow) => boolean = () => true): PickedRow | null {
    if (this.total === 0) return null;
    for (let attempt = 0; attempt < 60; attempt++) {
      const n = rng.int(0, this.total - 1);
      let lo = 0;
      let hi = this.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cumulative[mid]! > n) hi = mid;
        else lo = mid + 1;
      }
      const roster = this.rosters[lo]!;
      const row = roster.rows[n - (lo === 0 ? 0 : this.cumulative[lo - 1]!)];
      if (row && !row.reserved && row.problem === null && row.idKind === 'national-id' && accept(row))
        return { roster, row };
    }
    return null;
  }

  /**
   * Another roster of this kind to hold a copy: in the same district when `sameDistrict` (else
   * preferably), and for schools one that teaches the row's grade.
   */
  pickTarget(original: PickedRow, rng: Rng, sameDistrict: boolean): PlannedRoster | null {
    const grade = original.row.grade;
    const fits = (r: PlannedRoster) =>
      r !== original.roster &&
      (r.institution.kind === 'cdc' || grade === '' || r.institution.grades.includes(grade));
    const near = (this.byDistrict.get(original.roster.institution.district) ?? []).filter(fits);
    if (near.length > 0 && (sameDistrict || rng.chance(0.6))) return rng.pick(near);
    if (sameDistrict) return null;
    for (let attempt = 0; attempt < 30 && this.rosters.length > 0; attempt++) {
      const candidate = rng.pick(this.rosters);
      if (fits(candidate)) return candidate;
    }
    return null;
  }
}
