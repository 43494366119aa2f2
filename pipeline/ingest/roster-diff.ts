/**
 * What replacing an institution's counted roster with a new file changes, compared by national ID
 * (or G-code): pupils or children added, removed, and those whose fields differ. Pure.
 */

/** One person as both sides are compared: the shared fields of pupils and children. */
export interface RosterPerson {
  readonly nationalId: string;
  readonly prefix: string | null;
  readonly firstName: string;
  readonly lastName: string;
  readonly sex: string;
  /** ISO date. */
  readonly birthDate: string;
  /** Grade (`ป.1`) of a pupil, age group (`3`) of a child. */
  readonly level: string;
}

export type RosterField = Exclude<keyof RosterPerson, 'nationalId'>;

export interface ChangedPerson {
  readonly nationalId: string;
  readonly before: RosterPerson;
  readonly after: RosterPerson;
  /** The fields that differ, in a fixed order. */
  readonly fields: readonly RosterField[];
}

export interface RosterDiff {
  readonly added: readonly RosterPerson[];
  readonly removed: readonly RosterPerson[];
  readonly changed: readonly ChangedPerson[];
  readonly unchanged: number;
}

const FIELDS: readonly RosterField[] = ['prefix', 'firstName', 'lastName', 'sex', 'birthDate', 'level'];

/** The first person of each ID: a repeated ID in one file is that file's own error. */
function byId(people: readonly RosterPerson[]): Map<string, RosterPerson> {
  const map = new Map<string, RosterPerson>();
  for (const person of people) if (!map.has(person.nationalId)) map.set(person.nationalId, person);
  return map;
}

const byIdOrder = (a: { nationalId: string }, b: { nationalId: string }) =>
  a.nationalId.localeCompare(b.nationalId);

export function diffRosters(current: readonly RosterPerson[], incoming: readonly RosterPerson[]): RosterDiff {
  const before = byId(current);
  const after = byId(incoming);
  const added = [...after.values()].filter((p) => !before.has(p.nationalId));
  const removed = [...before.values()].filter((p) => !after.has(p.nationalId));
  const changed: ChangedPerson[] = [];
  let unchanged = 0;
  for (const [id, next] of after) {
    const prev = before.get(id);
    if (!prev) continue;
    const fields = FIELDS.filter((f) => prev[f] !== next[f]);
    if (fields.length === 0) unchanged += 1;
    else changed.push({ nationalId: id, before: prev, after: next, fields });
  }
  return {
    added: added.sort(byIdOrder),
    removed: removed.sort(byIdOrder),
    changed: changed.sort(byIdOrder),
    unchanged,
  };
}
