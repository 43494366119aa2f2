import type { IsoDate } from '../pipeline/dates/thai-date.ts';
import type { Sex } from '../pipeline/people/prefix.ts';
import type { Reference, Round } from '../pipeline/reference/reference.ts';
import { OTHER_SCHOOL_GRADES } from '../templates/definitions.ts';
import { ageOn, BE_OFFSET } from './calendar.ts';
import type { IdIssuer } from './national-ids.ts';
import type { OtherSchoolRow, PersonRow, SyntheticInstitution, SyntheticOtherSchool } from './model.ts';
import type { Rng } from './prng.ts';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from './thai-names.ts';

const DAY_MS = 86_400_000;

/** What roster planning needs from the round and the reference tables. */
export interface RosterContext {
  readonly round: Round;
  /** The round's counting day (ISO, CE). */
  readonly referenceDate: IsoDate;
  /** The academic year in CE (2569 → 2026). */
  readonly yearCe: number;
  readonly expectedAge: ReadonlyMap<string, number>;
  readonly gradeOrder: ReadonlyMap<string, number>;
  readonly disabilities: readonly string[];
  readonly disadvantages: readonly string[];
}

export function rosterContext(round: Round, reference: Reference): RosterContext {
  return {
    round,
    referenceDate: round.reference_date,
    yearCe: round.academic_year - BE_OFFSET,
    expectedAge: new Map(reference.grades.map((g) => [g.code, g.expected_age])),
    gradeOrder: new Map(reference.grades.map((g) => [g.code, g.order])),
    disabilities: reference.disabilities.map((d) => d.name_th),
    disadvantages: reference.disadvantages.map((d) => d.name_th),
  };
}

/**
 * Names already given in the whole run, by consonant skeleton and birth date, so that no two
 * unrelated children look like the same person (exactly or up to a tone mark), even across
 * provinces: every such pair in the data is a planted one. Keys are kept as 53-bit hashes so the
 * whole country (1.5 M children) fits in a few tens of megabytes.
 */
export class PersonKeys {
  private readonly keys = new Set<number>();

  /** Claims the key of a name and birth date; false when a look-alike already exists. */
  claim(firstName: string, lastName: string, birthDate: IsoDate): boolean {
    const key = hash53(`${nameSkeleton(firstName)}|${nameSkeleton(lastName)}|${birthDate}`);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    return true;
  }
}

/** Two 32-bit FNV-1a style passes folded into one safe integer. */
function hash53(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 2246822507);
  }
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
}

/** Thai consonants only: vowels, tone marks and other signs removed. */
export function nameSkeleton(name: string): string {
  return name.replace(/[\u0E30-\u0E3A\u0E40-\u0E4E]/gu, '');
}

/** Everything one planned child needs, before the sheet is written. */
export interface PersonSeed {
  readonly sex: Sex;
  readonly birthDate: IsoDate;
  readonly grade: string;
  readonly room: string;
}

/** The pupils of a school: per grade a count around the school's size, ages as expected ±1 sometimes. */
export function planSchoolRoster(
  school: SyntheticInstitution,
  ctx: RosterContext,
  issuer: IdIssuer,
  keys: PersonKeys,
  rng: Rng,
): PersonRow[] {
  const rows: PersonRow[] = [];
  for (const grade of school.grades) {
    const count = Math.max(1, Math.round(school.size * gradeFactor(grade) * rng.logNormal(1, 0.15)));
    const rooms = Math.max(1, Math.ceil(count / 38));
    const expected = ctx.expectedAge.get(grade) ?? 6;
    for (let i = 0; i < count; i++) {
      const delta = rng.weighted([
        [0, 86],
        [1, 10],
        [-1, 4],
      ] as const);
      const seed: PersonSeed = {
        sex: rng.chance(0.51) ? 'M' : 'F',
        birthDate: birthDateForMayAge(ctx.yearCe, expected + delta, rng),
        grade,
        room: rooms === 1 && rng.chance(0.5) ? '' : String(1 + (i % rooms)),
      };
      rows.push(planPerson(seed, ctx, issuer, keys, rng));
    }
  }
  return rows;
}

/** The children of a CDC: aged 2–5 at the round's reference date, mostly 3. */
export function planCdcRoster(
  cdc: SyntheticInstitution,
  ctx: RosterContext,
  issuer: IdIssuer,
  keys: PersonKeys,
  rng: Rng,
): PersonRow[] {
  const rows: PersonRow[] = [];
  for (let i = 0; i < cdc.size; i++) {
    const age = rng.weighted([
      [2, 28],
      [3, 42],
      [4, 25],
      [5, 5],
    ] as const);
    const seed: PersonSeed = {
      sex: rng.chance(0.51) ? 'M' : 'F',
      birthDate: birthDateForAgeOn(ctx.referenceDate, age, rng),
      grade: '',
      room: '',
    };
    rows.push(planPerson(seed, ctx, issuer, keys, rng));
  }
  return rows;
}

/** A clean row for a planned child: an ID, a name no other child of the province shares with the same birth date. */
export function planPerson(
  seed: PersonSeed,
  ctx: RosterContext,
  issuer: IdIssuer,
  keys: PersonKeys,
  rng: Rng,
): PersonRow {
  const gCode = rng.chance(0.01);
  const nationalId = gCode ? issuer.gCode(rng, ctx.round.academic_year) : issuer.nationalId(rng);
  const names = pickNames(seed.sex, seed.birthDate, keys, rng);
  return {
    nationalId,
    idKind: gCode ? 'g-code' : 'national-id',
    sex: seed.sex,
    prefix: prefixFor(seed.sex, seed.birthDate, ctx.referenceDate),
    firstName: names.firstName,
    lastName: names.lastName,
    birthDate: seed.birthDate,
    grade: seed.grade,
    room: seed.room,
    nationality: nationalityFor(nationalId, rng),
    disability: rng.chance(0.015) ? rng.pick(ctx.disabilities) : '',
    disadvantage: rng.chance(0.08)
      ? rng.chance(0.7)
        ? (ctx.disadvantages[0] ?? '')
        : rng.pick(ctx.disadvantages)
      : '',
    problem: null,
    reserved: false,
  };
}

export function pickNames(
  sex: Sex,
  birthDate: IsoDate,
  keys: PersonKeys,
  rng: Rng,
): { firstName: string; lastName: string } {
  const firsts = sex === 'M' ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES;
  for (;;) {
    const firstName = rng.pick(firsts);
    const lastName = rng.pick(SURNAMES);
    if (keys.claim(firstName, lastName, birthDate)) return { firstName, lastName };
  }
}

/** ด.ช./ด.ญ. under 15 at the reference date, นาย/น.ส. from 15. */
export function prefixFor(sex: Sex, birthDate: IsoDate, referenceDate: IsoDate): string {
  const adult = ageOn(birthDate, referenceDate) >= 15;
  if (sex === 'M') return adult ? 'นาย' : 'ด.ช.';
  return adult ? 'น.ส.' : 'ด.ญ.';
}

function nationalityFor(id: string, rng: Rng): string {
  const first = id[0];
  if (first === '1' || first === '2' || first === '3' || first === '4' || first === '5' || first === '8')
    return rng.chance(0.97) ? 'ไทย' : '';
  return rng.weighted([
    ['เมียนมา', 50],
    ['กัมพูชา', 15],
    ['ลาว', 15],
    ['ไม่มีสัญชาติ', 10],
    ['', 10],
  ] as const);
}

function gradeFactor(grade: string): number {
  if (grade === 'อ.1') return 0.6;
  if (grade === 'อ.2') return 0.85;
  if (grade.startsWith('อ.')) return 0.95;
  if (grade.startsWith('ป.')) return 1;
  if (grade === 'ม.1' || grade === 'ม.2' || grade === 'ม.3') return 0.95;
  if (grade.startsWith('ม.')) return 0.8;
  return 0.6;
}

/** A birth date giving `age` on 16 May of the academic year (any day of the year of birth). */
export function birthDateForMayAge(yearCe: number, age: number, rng: Rng): IsoDate {
  const start = Date.UTC(yearCe - age - 1, 4, 17);
  const end = Date.UTC(yearCe - age, 4, 16);
  return isoFromMs(start + rng.int(0, Math.round((end - start) / DAY_MS)) * DAY_MS);
}

/**
 * A birth date in January–April, so the age is the same on every day of May of the academic year
 * and equals the year difference: planted age/grade gaps then hold however the age is computed.
 */
export function birthDateJanToApr(yearCe: number, age: number, rng: Rng): IsoDate {
  const start = Date.UTC(yearCe - age, 0, 1);
  const end = Date.UTC(yearCe - age, 3, 30);
  return isoFromMs(start + rng.int(0, Math.round((end - start) / DAY_MS)) * DAY_MS);
}

/** A birth date giving `age` at the reference date, at least three days from a birthday edge. */
export function birthDateForAgeOn(referenceDate: IsoDate, age: number, rng: Rng): IsoDate {
  const ref = Date.parse(`${referenceDate}T00:00:00Z`);
  const refDate = new Date(ref);
  const latest =
    Date.UTC(refDate.getUTCFullYear() - age, refDate.getUTCMonth(), refDate.getUTCDate()) - 3 * DAY_MS;
  const earliest =
    Date.UTC(refDate.getUTCFullYear() - age - 1, refDate.getUTCMonth(), refDate.getUTCDate()) + 4 * DAY_MS;
  return isoFromMs(earliest + rng.int(0, Math.round((latest - earliest) / DAY_MS)) * DAY_MS);
}

export function isoFromMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return isoFromMs(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS);
}

/** Counts by grade and sex of one other-affiliation school (อ.1–ป.6). */
export function planOtherSchoolRow(school: SyntheticOtherSchool, rng: Rng): OtherSchoolRow {
  const base = rng.logNormal(school.affiliation === 'สช.' ? 18 : 7, 0.55);
  const counts: Record<string, number> = {};
  for (const [grade, key] of OTHER_SCHOOL_GRADES) {
    const factor = grade.startsWith('อ.') ? (grade === 'อ.1' ? 0.4 : 0.9) : 1;
    counts[`${key}_male`] = rng.poisson(base * factor);
    counts[`${key}_female`] = rng.poisson(base * factor * 0.96);
  }
  return { school, counts, problem: null };
}

/** Orders a roster as clerks keep it: by grade, room, boys first, then name; a few files as typed. */
export function orderRoster(
  rows: PersonRow[],
  kind: 'school' | 'cdc',
  ctx: RosterContext,
  rng: Rng,
): PersonRow[] {
  if (rng.chance(0.15)) return rng.shuffled(rows);
  const byName = (a: PersonRow, b: PersonRow) =>
    compareText(a.firstName, b.firstName) || compareText(a.lastName, b.lastName);
  const sorted = [...rows];
  if (kind === 'cdc') {
    sorted.sort((a, b) => compareText(b.birthDate, a.birthDate) || compareText(a.sex, b.sex) || byName(a, b));
    return rng.chance(0.5) ? sorted : sorted.reverse();
  }
  sorted.sort(
    (a, b) =>
      (ctx.gradeOrder.get(a.grade) ?? 99) - (ctx.gradeOrder.get(b.grade) ?? 99) ||
      compareText(a.room, b.room) ||
      compareText(a.sex, b.sex) ||
      byName(a, b),
  );
  return sorted;
}

/** Code-point order: locale-free, so the order is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
