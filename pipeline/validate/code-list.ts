import { ok, type CellResult } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import type { CodeListEntry } from '../reference/reference.ts';
import { headerKey, normaliseText } from '../text/normalise-text.ts';

/**
 * Words meaning "none" in a disability or disadvantage cell: read as blank. Clerks write the
 * absence of a disability or disadvantage in many ways (`ปกติ` "normal", `ไม่มีความพิการ`).
 */
const NONE_WORDS = new Set(
  [
    '-',
    '0',
    'ไม่มี',
    'ไม่',
    'ไม่ใช่',
    'ไม่เป็น',
    'ไม่ระบุ',
    'ปกติ',
    'เด็กปกติ',
    'ทั่วไป',
    'ไม่พิการ',
    'ไม่มีความพิการ',
    'ไม่ใช่ผู้พิการ',
    'ไม่บกพร่อง',
    'ไม่ด้อยโอกาส',
    'ไม่มีความด้อยโอกาส',
    'ไม่เป็นเด็กด้อยโอกาส',
    'none',
    'no',
    'n/a',
    'na',
    'normal',
  ].map(headerKey),
);

/** The code an unrecognised value of an optional list is stored as (the raw value stays in the issue). */
export const UNKNOWN_CODE = 'unknown';

/** Words clerks put before a list name that add nothing: `เด็กถูกทิ้ง` is `ถูกทิ้ง`. */
const FILLER_START = /^(?:เด็กที่|เด็ก|ผู้ที่|ผู้|ประเภท)/u;

/** A lookup from a code list's codes, names (Thai or English) and known spellings to codes. */
export interface CodeLookup {
  readonly byKey: ReadonlyMap<string, string>;
}

const LOOKUPS = new WeakMap<readonly CodeListEntry[], CodeLookup>();

/** Builds (once per list) the lookup of a code list such as disabilities. */
export function codeLookup(list: readonly CodeListEntry[]): CodeLookup {
  let lookup = LOOKUPS.get(list);
  if (!lookup) {
    const byKey = new Map<string, string>();
    for (const entry of list) {
      for (const name of [entry.code, entry.name_th, entry.name_en, ...entry.spellings])
        byKey.set(headerKey(name), entry.code);
    }
    lookup = { byKey };
    LOOKUPS.set(list, lookup);
  }
  return lookup;
}

/**
 * Reads an optional code-list cell written as the code (`8`), the name (`ออทิสติก`), a known
 * spelling (`ยากจน`) or code and name (`8 ออทิสติก`, `8. ออทิสติก`) and returns the code;
 * "none" words give null. Any other value keeps the child: it is stored as {@link UNKNOWN_CODE}
 * with `cell/option-unknown`, whose issue keeps the value as written.
 */
export function parseCodeListCell(text: string, lookup: CodeLookup): CellResult<string | null, IssueCode> {
  const key = headerKey(text);
  if (NONE_WORDS.has(key)) return ok(null);
  const direct = findCode(key, lookup);
  if (direct !== undefined) return ok(direct);
  const both = /^(\d+)\s*[.:)\-]?\s*(.+)$/u.exec(normaliseText(text));
  if (both) {
    const code = String(Number(both[1]));
    if (findCode(headerKey(both[2]!), lookup) === code) return ok(code);
  }
  return ok(UNKNOWN_CODE, ['cell/option-unknown']);
}

function findCode(key: string, lookup: CodeLookup): string | undefined {
  const direct = lookup.byKey.get(/^\d+$/u.test(key) ? String(Number(key)) : key);
  if (direct !== undefined) return direct;
  const bare = key.replace(FILLER_START, '');
  return bare === key || bare === '' ? undefined : lookup.byKey.get(bare);
}
