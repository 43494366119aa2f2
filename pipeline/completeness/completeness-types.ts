/** Where an expected institution stands in a round, by the content of its files (not a flag). */
export type CompletenessStatus = 'accepted' | 'partial' | 'rejected' | 'not-submitted';

export const COMPLETENESS_STATUSES: readonly CompletenessStatus[] = [
  'accepted',
  'partial',
  'rejected',
  'not-submitted',
];

/** Counts of expected institutions by where they stand; `submitted` = accepted + partial + rejected. */
export interface CompletenessTotals {
  readonly expected: number;
  readonly submitted: number;
  readonly accepted: number;
  readonly partial: number;
  readonly rejected: number;
  readonly notSubmitted: number;
}

/** One expected institution: the JSON contract's fields, then what the page groups and shows by. */
export interface CompletenessRow {
  readonly institutionCode: string;
  readonly institutionName: string;
  readonly laoCode: string;
  readonly kind: string;
  readonly status: CompletenessStatus;
  /** Rows of its current file; null without one. */
  readonly pupils: number | null;
  /** The same in the previous round; null when it had no current file then (or no previous round). */
  readonly previousPupils: number | null;
  readonly laoName: string;
  readonly district: string;
  readonly provinceCode: string;
}

/** Files accepted (or partly) in the round, by the Bangkok day they were received. */
export interface AcceptedDay {
  /** `YYYY-MM-DD`, a Bangkok calendar day. */
  readonly day: string;
  readonly files: number;
}

export interface Completeness {
  readonly round: string;
  /** null: the whole country. */
  readonly province: string | null;
  readonly opensAt: Date;
  readonly closesAt: Date;
  readonly previousRound: string | null;
  readonly totals: CompletenessTotals;
  readonly institutions: readonly CompletenessRow[];
  readonly acceptedByDay: readonly AcceptedDay[];
}

/** The JSON contract of `GET /api/completeness` and `sis completeness --json`. */
export interface CompletenessJson {
  readonly round: string;
  readonly province: string | null;
  readonly closesAt: string;
  readonly totals: CompletenessTotals;
  readonly institutions: ReadonlyArray<{
    readonly institutionCode: string;
    readonly institutionName: string;
    readonly laoCode: string;
    readonly kind: string;
    readonly status: CompletenessStatus;
    readonly pupils: number | null;
    readonly previousPupils: number | null;
  }>;
}

/** The contract's object: exactly its keys, instants as UTC ISO text. */
export function completenessJson(c: Completeness): CompletenessJson {
  return {
    round: c.round,
    province: c.province,
    closesAt: c.closesAt.toISOString(),
    totals: c.totals,
    institutions: c.institutions.map((i) => ({
      institutionCode: i.institutionCode,
      institutionName: i.institutionName,
      laoCode: i.laoCode,
      kind: i.kind,
      status: i.status,
      pupils: i.pupils,
      previousPupils: i.previousPupils,
    })),
  };
}

/** Tallies rows by status. */
export function tallyCompleteness(rows: readonly Pick<CompletenessRow, 'status'>[]): CompletenessTotals {
  const n = (s: CompletenessStatus) => rows.filter((r) => r.status === s).length;
  const accepted = n('accepted');
  const partial = n('partial');
  const rejected = n('rejected');
  return {
    expected: rows.length,
    submitted: accepted + partial + rejected,
    accepted,
    partial,
    rejected,
    notSubmitted: n('not-submitted'),
  };
}

/** A change of more than a fifth against the previous round's count (either way). */
export function pupilsChangeFlag(pupils: number | null, previous: number | null): 'drop' | 'rise' | null {
  if (pupils === null || previous === null || previous === 0) return null;
  const change = (pupils - previous) / previous;
  if (change < -0.2) return 'drop';
  if (change > 0.2) return 'rise';
  return null;
}
