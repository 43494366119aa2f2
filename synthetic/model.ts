import type { IsoDate } from '../pipeline/dates/thai-date.ts';
import type { Sex } from '../pipeline/people/prefix.ts';
import type { Round } from '../pipeline/reference/reference.ts';

/** What `sis generate` was asked for. Everything the generator produces follows from these values. */
export interface GenerateOptions {
  readonly seed: number;
  /** Province codes, in the order given (duplicates removed). */
  readonly provinces: readonly string[];
  /** Multiplies the number of LAOs (and so institutions and pupils) of each province. */
  readonly scale: number;
  /** Share of roster rows (and other-schools rows) that carry one planted problem. */
  readonly errorRate: number;
  /** Planted cross-institution duplicate groups, as a share of roster rows. */
  readonly duplicateRate: number;
  readonly round: Round;
}

export interface SyntheticLao {
  readonly code: string;
  readonly name: string;
  /** `code` of data/lao-types.csv (`sao`, `pao`, …). */
  readonly typeCode: string;
  /** The Thai abbreviation written in the registry (`อบต.`). */
  readonly typeAbbr: string;
  readonly provinceCode: string;
  readonly district: string;
}

export type InstitutionKind = 'school' | 'cdc';

export interface SyntheticInstitution {
  readonly code: string;
  readonly name: string;
  readonly kind: InstitutionKind;
  readonly laoCode: string;
  readonly provinceCode: string;
  readonly district: string;
  readonly status: 'open' | 'closed';
  /** False for an open institution that sends no file this round. */
  readonly submits: boolean;
  /** Schools: the grades taught, in order. CDCs: empty. */
  readonly grades: readonly string[];
  /** Schools: median pupils per grade. CDCs: children in the centre. */
  readonly size: number;
}

export interface SyntheticOtherSchool {
  readonly code: string;
  readonly name: string;
  readonly affiliation: string;
  readonly laoCode: string;
}

export interface ProvinceRegistry {
  readonly provinceCode: string;
  readonly provinceName: string;
  readonly laos: readonly SyntheticLao[];
  readonly institutions: readonly SyntheticInstitution[];
  readonly otherSchools: readonly SyntheticOtherSchool[];
}

/** A template field key of a roster column (`national_id`, `birth_date`, `k1_male`…). */
export type FieldKey = string;

/** Every issue code the generator plants (problems.ts says which of them reject the row). */
export type PlantedCode =
  | 'cell/national-id-checksum'
  | 'cell/national-id-format'
  | 'cell/date-unparseable'
  | 'cell/date-future'
  | 'row/age-grade-impossible'
  | 'row/age-grade-mismatch'
  | 'row/prefix-sex-conflict'
  | 'cell/grade-unknown'
  | 'row/duplicate-id'
  | 'cell/count-invalid';

/**
 * A planted problem on one row: the code the pipeline must report and the field whose cell it
 * points at. `raw` replaces the rendered cell text when the problem is a malformed value.
 */
export interface PlantedProblem {
  readonly code: PlantedCode;
  readonly field: FieldKey;
  readonly raw?: string | number;
}

/** One pupil or child as the generator knows them (the truth), plus how their row is to be spoiled. */
export interface PersonRow {
  nationalId: string;
  idKind: 'national-id' | 'g-code';
  /** The value of the sex column (what a correct pipeline counts). */
  sex: Sex;
  /** The canonical prefix written in the prefix column (may disagree with `sex` when planted). */
  prefix: string;
  firstName: string;
  lastName: string;
  birthDate: IsoDate;
  /** Schools only: canonical grade code. */
  grade: string;
  room: string;
  nationality: string;
  disability: string;
  disadvantage: string;
  problem: PlantedProblem | null;
  /** Member of a planted duplicate group or the source of a planted in-file duplicate: keep clean. */
  reserved: boolean;
}

/** One row of an other-schools file: counts by grade and sex of one school in the LAO's area. */
export interface OtherSchoolRow {
  readonly school: SyntheticOtherSchool;
  /** Counts keyed by the template's column key (`k1_male`, …, `p6_female`). */
  readonly counts: Record<FieldKey, number>;
  problem: PlantedProblem | null;
}

/** Where a row landed in its file, as a clerk sees it in Excel. */
export interface RowLocation {
  readonly file: string;
  readonly sheet: string;
  readonly row: number;
}
