import { fail, ok, type CellResult } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import type { CodeListEntry } from '../reference/reference.ts';
import { headerKey, normaliseText } from '../text/normalise-text.ts';

/** Words meaning "none" in a disability or disadvantage cell: read as blank. */
const NONE_WORDS = new Set(['-', '0', 'ไม่มี', 'ไม่พิการ', 'ไม่ด้อยโอกาส', 'ไม่เป็น', 'none', 'no'].map(headerKey));

/** A lookup from a code list's codes and names (Thai or English) to codes. */
export interface CodeLookup {
  readonly byKey: ReadonlyMap<string, string>;
  readonly nameOf: ReadonlyMap<string, string>;
}

const LOOKUPS = new WeakMap<readonly CodeListEntry[], CodeLookup>();

/** Builds (once per list) the lookup of a code list such as disabilities. */
export function codeLookup(list: readonly CodeListEntry[]): CodeLookup {
  let lookup = LOOKUPS.get(list);
  if (!lookup) {
    const byKey = new Map<string, string>();
    for (const entry of list) {
      for (const name of [entry.code, entry.name_th, entry.name_en]) byKey.set(headerKey(name), entry.code);
    }
    const nameOf = new Map(list.map((e) => [e.code, headerKey(e.name_th)]));
    lookup = { byKey, nameOf };
    LOOKUPS.set(list, lookup);
  }
  return lookup;
}

/**
 * Reads a code-list cell written as the code (`8`), the name (`ออทิสติก`) or both (`8 ออทิสติก`,
 * `8. ออทิสติก`) and returns the code; "none" words give null.
 */
export function parseCodeListCell(text: string, lookup: CodeLookup): CellResult<string | null, IssueCode> {
  const key = headerKey(text);
  if (NONE_WORDS.has(key)) return ok(null);
  const direct = lookup.byKey.get(/^\d+$/u.test(key) ? String(Number(key)) : key);
  if (direct !== undefined) return ok(direct);
  const both = /^(\d+)\s*[.:)\-]?\s*(.+)$/u.exec(normaliseText(text));
  if (!both) return fail('cell/code-unknown');
  const code = String(Number(both[1]));
  return lookup.nameOf.get(code) === headerKey(both[2]!) ? ok(code) : fail('cell/code-unknown');
}
