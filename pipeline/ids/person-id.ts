export type PersonIdKind = 'national-id' | 'g-code';

/** A pupil's identifier: a 13-digit national ID or, for pupils without one, a G-code. */
export interface PersonId {
  readonly id: string;
  readonly kind: PersonIdKind;
}
