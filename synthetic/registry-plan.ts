import type { LaoType, Province } from '../pipeline/reference/reference.ts';
import type { ProvinceRegistry, SyntheticInstitution, SyntheticLao, SyntheticOtherSchool } from './model.ts';
import { institutionFactor, laoCountForProvince } from './province-weights.ts';
import { pad, toThaiDigits } from './digits.ts';
import type { Rng } from './prng.ts';
import { PLACE_HEADS, PLACE_TAILS, TEMPLE_NAMES } from './thai-names.ts';

/**
 * What an LAO of each type typically runs: mean numbers of schools, CDCs and other-affiliation
 * schools in its area, the median pupils per grade of its schools, and the mix of school shapes.
 * Tuned so the country at scale 1 has ≈1,750 schools (≈650k pupils), ≈18,500 CDCs (≈800k
 * children) and ≈29,000 other-affiliation schools.
 */
interface LaoProfile {
  readonly digit: string;
  readonly schools: number;
  readonly cdcs: number;
  readonly others: number;
  readonly gradeSize: number;
  readonly shapes: ReadonlyArray<readonly [SchoolShape, number]>;
}

type SchoolShape = 'primary' | 'extended' | 'full' | 'secondary' | 'vocational';

const URBAN_SHAPES: ReadonlyArray<readonly [SchoolShape, number]> = [
  ['primary', 45],
  ['extended', 30],
  ['full', 15],
  ['secondary', 8],
  ['vocational', 2],
];
const RURAL_SHAPES: ReadonlyArray<readonly [SchoolShape, number]> = [
  ['primary', 70],
  ['extended', 25],
  ['full', 5],
];

const PROFILES: Readonly<Record<string, LaoProfile>> = {
  pao: {
    digit: '1',
    schools: 7,
    cdcs: 0.2,
    others: 0,
    gradeSize: 44,
    shapes: [
      ['secondary', 42],
      ['full', 25],
      ['extended', 20],
      ['primary', 10],
      ['vocational', 3],
    ],
  },
  city: { digit: '2', schools: 8, cdcs: 3, others: 3, gradeSize: 46, shapes: URBAN_SHAPES },
  town: { digit: '3', schools: 3, cdcs: 2, others: 2.5, gradeSize: 35, shapes: URBAN_SHAPES },
  'subdistrict-municipality': {
    digit: '5',
    schools: 0.16,
    cdcs: 2.1,
    others: 3.5,
    gradeSize: 20,
    shapes: RURAL_SHAPES,
  },
  sao: { digit: '6', schools: 0.02, cdcs: 2.5, others: 4, gradeSize: 15, shapes: RURAL_SHAPES },
  bma: { digit: '7', schools: 40, cdcs: 40, others: 0, gradeSize: 55, shapes: URBAN_SHAPES },
  pattaya: { digit: '4', schools: 10, cdcs: 5, others: 2, gradeSize: 50, shapes: URBAN_SHAPES },
};

const SHAPE_GRADES: Readonly<Record<SchoolShape, readonly string[]>> = {
  primary: ['อ.1', 'อ.2', 'อ.3', 'ป.1', 'ป.2', 'ป.3', 'ป.4', 'ป.5', 'ป.6'],
  extended: ['อ.1', 'อ.2', 'อ.3', 'ป.1', 'ป.2', 'ป.3', 'ป.4', 'ป.5', 'ป.6', 'ม.1', 'ม.2', 'ม.3'],
  full: [
    'อ.1',
    'อ.2',
    'อ.3',
    'ป.1',
    'ป.2',
    'ป.3',
    'ป.4',
    'ป.5',
    'ป.6',
    'ม.1',
    'ม.2',
    'ม.3',
    'ม.4',
    'ม.5',
    'ม.6',
  ],
  secondary: ['ม.1', 'ม.2', 'ม.3', 'ม.4', 'ม.5', 'ม.6'],
  vocational: ['ม.1', 'ม.2', 'ม.3', 'ม.4', 'ม.5', 'ม.6', 'ปวช.1', 'ปวช.2', 'ปวช.3'],
};

/** LAO types a province has exactly one of. */
const ONE_PER_PROVINCE: ReadonlySet<string> = new Set(['pao', 'bma', 'pattaya']);

/** Share of institutions closed in the registry, and of open ones that send no file. */
const CLOSED_SHARE = 0.015;
const NOT_SUBMITTED_SHARE = 0.01;
/** LAOs per district, roughly (≈7,850 LAOs in ≈880 districts). */
const LAOS_PER_DISTRICT = 9;

/**
 * Plans one province's slice of the registry: its LAOs (one อบจ., or กทม. for Bangkok, plus
 * เมืองพัทยา in Chonburi), their schools and CDCs (codes `30PPNNNNNN` / `70PPNNNNNN`) and the
 * other-affiliation schools in their areas (`10PPNNNNNN`).
 */
export function planProvinceRegistry(
  province: Province,
  laoTypes: readonly LaoType[],
  scale: number,
  rng: Rng,
): ProvinceRegistry {
  const names = new PlaceNames(rng);
  const laoTotal = laoCountForProvince(province.code, scale);
  const typeCodes = laoTypeMix(province.code, laoTotal);
  const districts = planDistricts(province, laoTotal, names);
  const laos = planLaos(province, typeCodes, districts, laoTypes, names);
  const institutions: SyntheticInstitution[] = [];
  const otherSchools: SyntheticOtherSchool[] = [];
  const counters = { school: 0, cdc: 0, other: 0, private: 0, bpp: 0 };
  const shareFactor = institutionFactor(province.code, scale);
  for (const lao of laos) {
    const profile = profileOf(lao.typeCode);
    // One-per-province LAOs run institutions in proportion to the province, whatever the LAO count.
    const factor = ONE_PER_PROVINCE.has(lao.typeCode) ? scale : shareFactor;
    const schools = rng.poisson(profile.schools * factor);
    for (let i = 0; i < schools; i++)
      institutions.push(planSchool(lao, profile, ++counters.school, i, rng, names));
    const cdcs = rng.poisson(profile.cdcs * factor);
    for (let i = 0; i < cdcs; i++) institutions.push(planCdc(lao, ++counters.cdc, rng, names));
    const others = rng.poisson(profile.others * factor);
    for (let i = 0; i < others; i++) otherSchools.push(planOtherSchool(lao, counters, rng, names));
  }
  return { provinceCode: province.code, provinceName: province.name_th, laos, institutions, otherSchools };
}

function profileOf(typeCode: string): LaoProfile {
  return PROFILES[typeCode] ?? PROFILES.sao!;
}

/** The LAO types of a province, special ones first: อบจ. (or กทม.), เมืองพัทยา, then by national shares. */
function laoTypeMix(provinceCode: string, total: number): string[] {
  if (provinceCode === '10') return ['bma'];
  const types = ['pao'];
  if (provinceCode === '20' && total > 1) types.push('pattaya');
  const rest = total - types.length;
  const city = Math.round((rest * 30) / 7771);
  const town = Math.round((rest * 190) / 7771);
  const municipal = Math.round((rest * 2240) / 7771);
  const push = (code: string, n: number) => {
    for (let i = 0; i < n && types.length < total; i++) types.push(code);
  };
  push('city', city);
  push('town', town);
  push('subdistrict-municipality', municipal);
  push('sao', total - types.length);
  return types;
}

function planDistricts(province: Province, laoTotal: number, names: PlaceNames): string[] {
  if (province.code === '10') return ['พระนคร'];
  const count = Math.max(1, Math.round(laoTotal / LAOS_PER_DISTRICT));
  const districts = [`เมือง${province.name_th}`];
  while (districts.length < count) districts.push(names.next());
  return districts;
}

function planLaos(
  province: Province,
  typeCodes: readonly string[],
  districts: readonly string[],
  laoTypes: readonly LaoType[],
  names: PlaceNames,
): SyntheticLao[] {
  const running = new Map<number, number>();
  return typeCodes.map((typeCode, index) => {
    const special = typeCode === 'pao' || typeCode === 'bma' || typeCode === 'city' || typeCode === 'pattaya';
    const districtIndex = special ? 0 : index % districts.length;
    const n = (running.get(districtIndex) ?? 0) + 1;
    running.set(districtIndex, n);
    const type = laoTypes.find((t) => t.code === typeCode);
    const code = `${profileOf(typeCode).digit}${province.code}${pad(districtIndex + 1, 2)}${pad(n, 2)}`;
    return {
      code,
      name: laoName(typeCode, type, province, names),
      typeCode,
      typeAbbr: type?.abbr_th ?? typeCode,
      provinceCode: province.code,
      district: districts[districtIndex]!,
    };
  });
}

function laoName(typeCode: string, type: LaoType | undefined, province: Province, names: PlaceNames): string {
  if (typeCode === 'bma' || typeCode === 'pattaya') return type?.name_th ?? typeCode;
  if (typeCode === 'pao') return `องค์การบริหารส่วนจังหวัด${province.name_th}`;
  if (typeCode === 'city') return `เทศบาลนคร${province.name_th}`;
  return `${type?.name_th ?? ''}${names.next()}`;
}

function planSchool(
  lao: SyntheticLao,
  profile: LaoProfile,
  running: number,
  index: number,
  rng: Rng,
  names: PlaceNames,
): SyntheticInstitution {
  const shape = rng.weighted(profile.shapes);
  const affiliation = lao.typeCode === 'bma' ? '31' : '30';
  const size = Math.max(4, Math.round(rng.logNormal(profile.gradeSize, 0.55)));
  return {
    code: `${affiliation}${lao.provinceCode}${pad(running, 6)}`,
    name: schoolName(lao, shape, index, rng, names),
    kind: 'school',
    laoCode: lao.code,
    provinceCode: lao.provinceCode,
    district: lao.district,
    ...statusOf(rng),
    grades: SHAPE_GRADES[shape],
    size,
  };
}

function schoolName(
  lao: SyntheticLao,
  shape: SchoolShape,
  index: number,
  rng: Rng,
  names: PlaceNames,
): string {
  if (lao.typeCode === 'pao')
    return shape === 'secondary' || shape === 'vocational'
      ? `โรงเรียน${names.next()}วิทยา`
      : `โรงเรียนบ้าน${names.next()}`;
  if (lao.typeCode === 'sao' || lao.typeCode === 'subdistrict-municipality')
    return `โรงเรียนบ้าน${names.next()}`;
  const number = toThaiDigits(String(index + 1));
  return rng.chance(0.6) ? `โรงเรียนเทศบาล ${number} (${rng.pick(TEMPLE_NAMES)})` : `โรงเรียนเทศบาล ${number}`;
}

function planCdc(lao: SyntheticLao, running: number, rng: Rng, names: PlaceNames): SyntheticInstitution {
  const place = rng.chance(0.5) ? names.reuse() : names.next();
  return {
    code: `70${lao.provinceCode}${pad(running, 6)}`,
    name: rng.chance(0.3) ? `ศูนย์พัฒนาเด็กเล็กวัด${place}` : `ศูนย์พัฒนาเด็กเล็กบ้าน${place}`,
    kind: 'cdc',
    laoCode: lao.code,
    provinceCode: lao.provinceCode,
    district: lao.district,
    ...statusOf(rng),
    grades: [],
    size: Math.min(220, Math.max(6, Math.round(rng.logNormal(38, 0.5)))),
  };
}

function statusOf(rng: Rng): Pick<SyntheticInstitution, 'status' | 'submits'> {
  if (rng.chance(CLOSED_SHARE)) return { status: 'closed', submits: false };
  return { status: 'open', submits: !rng.chance(NOT_SUBMITTED_SHARE) };
}

function planOtherSchool(
  lao: SyntheticLao,
  counters: { other: number; private: number; bpp: number },
  rng: Rng,
  names: PlaceNames,
): SyntheticOtherSchool {
  const kind = rng.weighted([
    ['obec', 94],
    ['private', 5],
    ['bpp', 1],
  ] as const);
  const place = rng.chance(0.6) ? names.reuse() : names.next();
  if (kind === 'private') {
    return {
      code: `11${lao.provinceCode}${pad(++counters.private, 6)}`,
      name: `โรงเรียน${place}ศึกษา`,
      affiliation: 'สช.',
      laoCode: lao.code,
    };
  }
  if (kind === 'bpp') {
    return {
      code: `13${lao.provinceCode}${pad(++counters.bpp, 6)}`,
      name: `โรงเรียนตำรวจตระเวนชายแดนบ้าน${place}`,
      affiliation: 'ตชด.',
      laoCode: lao.code,
    };
  }
  const name = rng.chance(0.25) ? `โรงเรียนวัด${place}` : `โรงเรียนบ้าน${place}`;
  return {
    code: `10${lao.provinceCode}${pad(++counters.other, 6)}`,
    name,
    affiliation: 'สพฐ.',
    laoCode: lao.code,
  };
}

/** Place names unique within a province (heads × tails, then numbered), plus reuse of earlier ones. */
class PlaceNames {
  private readonly used: string[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly rng: Rng) {}

  next(): string {
    for (let attempt = 0; attempt < 40; attempt++) {
      const name = `${this.rng.pick(PLACE_HEADS)}${this.rng.pick(PLACE_TAILS)}`;
      if (!this.seen.has(name)) return this.remember(name);
    }
    return this.remember(
      `${this.rng.pick(PLACE_HEADS)}${this.rng.pick(PLACE_TAILS)} ${this.used.length + 1}`,
    );
  }

  /** A name given before (villages share names with their subdistricts), or a new one. */
  reuse(): string {
    return this.used.length === 0 ? this.next() : this.rng.pick(this.used);
  }

  private remember(name: string): string {
    this.seen.add(name);
    this.used.push(name);
    return name;
  }
}
