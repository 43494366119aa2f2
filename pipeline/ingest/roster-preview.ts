import type { PersonRow } from '../normalise/submission-rows.ts';
import { parseSubmission, type ParseContext } from './parse-submission.ts';
import type { RosterPerson } from './roster-diff.ts';

/**
 * What a replacement preview needs of a file: whether it would be refused, its institution and
 * round, and its people (pupils and children; other-affiliation counts are not compared).
 */
export interface RosterPreview {
  readonly rejected: boolean;
  readonly subjectCode: string | null;
  readonly roundId: string | null;
  readonly people: readonly RosterPerson[];
}

function person(row: PersonRow, level: string): RosterPerson {
  return {
    nationalId: row.national_id,
    prefix: row.prefix,
    firstName: row.first_name,
    lastName: row.last_name,
    sex: row.sex,
    birthDate: row.birth_date,
    level,
  };
}

/** Reads the file as the parse worker will and keeps what a preview compares. Pure. */
export function previewRoster(bytes: Uint8Array, fileName: string, ctx: ParseContext): RosterPreview {
  const parsed = parseSubmission(bytes, fileName, ctx);
  return {
    rejected: parsed.status === 'rejected',
    subjectCode: parsed.meta?.subjectCode ?? null,
    roundId: parsed.meta?.roundId ?? null,
    people: [
      ...parsed.rows.pupils.map((p) => person(p, p.grade)),
      ...parsed.rows.children.map((c) => person(c, String(c.age_group))),
    ],
  };
}
