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

const byLength = (a: string, b: string): number => b.length - a.length;
const THAI_SPELLINGS = PREFIXES.flatMap((p) => p.spellings).filter((s) => /[\u0E00-\u0E7F]/u.test(s));

/** Abbreviations written without their dots (`ดช`, `นส`): no Thai word begins with them. */
const DOTLESS_ABBREVIATIONS = new Set(
  THAI_SPELLINGS.filter((s) => s.includes('.')).map((s) => s.replaceAll('.', '')),
);

/**
 * Prefix spellings that are split off a first name even when glued to it (`ด.ช.สมชาย`,
 * `ดชสมชาย`, `เด็กหญิงมาลี`): the known abbreviations, with or without dots, and the long
 * written-out forms, which no first name begins with. Longest first. Ingestion and duplicate
 * detection's SQL share this list.
 */
export const GLUED_PREFIX_SPELLINGS: readonly string[] = THAI_SPELLINGS.filter(
  (s) => s.includes('.') || s.length >= 6 || DOTLESS_ABBREVIATIONS.has(s),
).sort(byLength);

/**
 * Short bare prefix words (`นาย`, `นาง`, `เณร`) that are split off only when a space follows:
 * real first names begin with them (`นางนวล`, `นายิกา`). Longest first.
 */
export const SPACED_PREFIX_SPELLINGS: readonly string[] = THAI_SPELLINGS.filter(
  (s) => !GLUED_PREFIX_SPELLINGS.includes(s),
).sort(byLength);

const PREFIX_OF_SPELLING = new Map<string, PrefixEntry>(
  PREFIXES.flatMap((p) => p.spellings.map((s) => [s, p] as const)),
);

/**
 * What a name can start with: a Thai consonant, a leading vowel (เ แ โ ใ ไ) or a Latin letter.
 * A split that leaves anything else cut a word (`นาย|ิกา`) or left only punctuation.
 */
const NAME_START = /^[\u0E01-\u0E2E\u0E40-\u0E44A-Za-z]/u;

/**
 * Splits a prefix written into the name cell (`ด.ช.สมชาย` → `ด.ช.`, `สมชาย`; `นาย สมชาย` →
 * `นาย`, `สมชาย`): a {@link GLUED_PREFIX_SPELLINGS} spelling anywhere, a
 * {@link SPACED_PREFIX_SPELLINGS} word only before a space, so `นางนวล` stays a first name.
 * Longest spelling wins.
 */
export function splitPrefix(name: string): { prefix: PrefixEntry; rest: string } | undefined {
  const trimmed = name.trim();
  for (const spelling of GLUED_PREFIX_SPELLINGS) {
    if (!trimmed.startsWith(spelling)) continue;
    const split = restAfter(trimmed, spelling);
    if (split) return split;
  }
  for (const spelling of SPACED_PREFIX_SPELLINGS) {
    if (!trimmed.startsWith(spelling) || !/^\s/u.test(trimmed.slice(spelling.length))) continue;
    const split = restAfter(trimmed, spelling);
    if (split) return split;
  }
  return undefined;
}

function restAfter(name: string, spelling: string): { prefix: PrefixEntry; rest: string } | undefined {
  const rest = name.slice(spelling.length).trim();
  const prefix = PREFIX_OF_SPELLING.get(spelling);
  return prefix && NAME_START.test(rest) ? { prefix, rest } : undefined;
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
