import type { IsoDate } from '../dates/thai-date.ts';
import type { PersonIdKind } from '../ids/national-id.ts';
import type { Sex } from '../people/prefix.ts';

/** Where a row came from: named as the warehouse names it. */
export interface RowLineage {
  readonly sheet: string;
  /** Excel row number. */
  readonly row_number: number;
}

/** The person columns pupils and children share (names as in the `pupils`/`children` tables). */
export interface PersonRow extends RowLineage {
  /** Address of the ID cell (`A5`), for checks the loader makes (G-code province); not loaded. */
  readonly id_cell: string | null;
  readonly national_id: string;
  readonly id_kind: PersonIdKind;
  /** Canonical prefix (`ด.ช.`), an unlisted one as typed, or null. */
  readonly prefix: string | null;
  readonly first_name: string;
  readonly last_name: string;
  readonly sex: Sex;
  /** ISO date, Christian era. */
  readonly birth_date: IsoDate;
  readonly nationality: string | null;
  /** Disability code (data/disabilities.csv) or null. */
  readonly disability: string | null;
  /** Disadvantage code (data/disadvantages.csv) or null. */
  readonly disadvantage: string | null;
}

/** A pupil of an LAO school. */
export interface PupilRow extends PersonRow {
  /** Grade code (`ป.1`). */
  readonly grade: string;
  readonly room: string | null;
}

/** A child of a child development centre. */
export interface ChildRow extends PersonRow {
  /** Age in whole years at the round's reference date: the real age, also outside 2–5. */
  readonly age_group: number;
}

/** One grade × sex count of an other-affiliation school (long format; zeros are not rows). */
export interface OtherCountRow extends RowLineage {
  /** Address of the school code cell (`A5`), for the loader's registry check; not loaded. */
  readonly school_cell: string | null;
  readonly school_code: string;
  readonly school_name: string;
  readonly affiliation: string;
  readonly grade: string;
  readonly sex: Sex;
  readonly pupils: number;
}

/** The rows of a submission by warehouse table; the two a template does not fill stay empty. */
export interface SubmissionRows {
  readonly pupils: PupilRow[];
  readonly children: ChildRow[];
  readonly otherCounts: OtherCountRow[];
}

/** Fresh empty row lists (mutable: the normalise stage fills them). */
export function emptyRows(): SubmissionRows {
  return { pupils: [], children: [], otherCounts: [] };
}
