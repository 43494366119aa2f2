import { headerKey } from '../text/normalise-text.ts';

export type Sex = 'M' | 'F';

interface PrefixEntry {
  readonly canonical: string;
  readonly sex: Sex;
  readonly spellings: readonly string[];
}

/** Name prefixes of pupils and children, with the sex each implies. */
export const PREFIXES: readonly PrefixEntry[] = [
  { canonical: 'ด.ช.', sex: 'M', spellings: ['ด.ช.', 'ดช', 'เด็กชาย', 'ด.ช'] },
  { canonical: 'ด.ญ.', sex: 'F', spellings: ['ด.ญ.', 'ดญ', 'เด็กหญิง', 'ด.ญ'] },
  { canonical: 'นาย', sex: 'M', spellings: ['นาย', 'mr'] },
  { canonical: 'น.ส.', sex: 'F', spellings: ['น.ส.', 'นส', 'นางสาว', 'miss', 'ms'] },
  { canonical: 'นาง', sex: 'F', spellings: ['นาง', 'mrs'] },
  { canonical: 'สามเณร', sex: 'M', spellings: ['สามเณร', 'ส.ณ.', 'สณ', 'เณร'] },
];

const BY_KEY = new Map<string, PrefixEntry>(PREFIXES.flatMap((p) => p.spellings.map((s) => [headerKey(s), p])));

/** The listed prefix a cell names (`เด็กชาย` → `ด.ช.`), or undefined. */
export function parsePrefix(text: string): PrefixEntry | undefined {
  return BY_KEY.get(headerKey(text));
}

/** Splits a prefix written into the name cell (`ด.ช.สมชาย` → `ด.ช.`, `สมชาย`). Longest spelling wins. */
export function splitPrefix(name: string): { prefix: PrefixEntry; rest: string } | undefined {
  const trimmed = name.trim();
  let best: { prefix: PrefixEntry; rest: string } | undefined;
  for (const entry of PREFIXES) {
    for (const spelling of entry.spellings) {
      if (!/[\u0E00-\u0E7F]/u.test(spelling) || !trimmed.startsWith(spelling)) continue;
      const rest = trimmed.slice(spelling.length).trim();
      if (rest.length > 0 && (!best || spelling.length > trimmed.length - best.rest.length)) best = { prefix: entry, rest };
    }
  }
  return best;
}

const SEX_WORDS = new Map<string, Sex>([
  ['ชาย', 'M'],
  ['ช', 'M'],
  ['m', 'M'],
  ['male', 'M'],
  ['1', 'M'],
  ['หญิง', 'F'],
  ['ญ', 'F'],
  ['f', 'F'],
  ['female', 'F'],
  ['2', 'F'],
]);

/** `ชาย`/`หญิง` and their common spellings to M/F. */
export function parseSex(text: string): Sex | undefined {
  return SEX_WORDS.get(headerKey(text));
}

export const SEX_TH: Record<Sex, string> = { M: 'ชาย', F: 'หญิง' };
