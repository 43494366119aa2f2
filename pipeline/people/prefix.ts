import { PREFIXES, type PrefixEntry, type Sex } from '../../templates/vocabulary.ts';
import { headerKey } from '../text/normalise-text.ts';

export { PREFIXES, SEX_TH, type PrefixEntry, type Sex } from '../../templates/vocabulary.ts';

const BY_KEY = new Map<string, PrefixEntry>(
  PREFIXES.flatMap((p) => p.spellings.map((s) => [headerKey(s), p])),
);

/** The listed prefix a cell names (`เด็กชาย` → `ด.ช.`), or undefined. */
export function parsePrefix(text: string): PrefixEntry | undefined {
  return BY_KEY.get(headerKey(text));
}

/** Thai spellings, longest first, for splitting a prefix off a name. */
const THAI_SPELLINGS: ReadonlyArray<readonly [string, PrefixEntry]> = PREFIXES.flatMap((p) =>
  p.spellings.filter((s) => /[\u0E00-\u0E7F]/u.test(s)).map((s) => [s, p] as const),
).sort((a, b) => b[0].length - a[0].length);

/**
 * What a name can start with: a Thai consonant, a leading vowel (เ แ โ ใ ไ) or a Latin letter.
 * A split that leaves anything else cut a word (`นาย|ิกา`) or left only punctuation.
 */
const NAME_START = /^[\u0E01-\u0E2E\u0E40-\u0E44A-Za-z]/u;

/** Splits a prefix written into the name cell (`ด.ช.สมชาย` → `ด.ช.`, `สมชาย`). Longest spelling wins. */
export function splitPrefix(name: string): { prefix: PrefixEntry; rest: string } | undefined {
  const trimmed = name.trim();
  for (const [spelling, prefix] of THAI_SPELLINGS) {
    if (!trimmed.startsWith(spelling)) continue;
    const rest = trimmed.slice(spelling.length).trim();
    if (NAME_START.test(rest)) return { prefix, rest };
  }
  return undefined;
}

const SEX_WORDS = new Map<string, Sex>([
  ['ชาย', 'M'],
  ['ช', 'M'],
  ['ผู้ชาย', 'M'],
  ['เพศชาย', 'M'],
  ['m', 'M'],
  ['male', 'M'],
  ['boy', 'M'],
  ['1', 'M'],
  ['หญิง', 'F'],
  ['ญ', 'F'],
  ['ผู้หญิง', 'F'],
  ['เพศหญิง', 'F'],
  ['f', 'F'],
  ['female', 'F'],
  ['girl', 'F'],
  ['2', 'F'],
]);

/**
 * `ชาย`/`หญิง` and their common spellings to M/F. A sex cell written as a prefix (`เด็กชาย`,
 * `ด.ญ.`, `นาย`) is read as the sex the prefix names.
 */
export function parseSex(text: string): Sex | undefined {
  return SEX_WORDS.get(headerKey(text)) ?? parsePrefix(text)?.sex;
}
