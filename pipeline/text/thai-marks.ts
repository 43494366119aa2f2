/*
 * The one normalisation of Thai combining marks, written once as a table of rewrites that both
 * ingestion (`normaliseText`, on every stored name) and duplicate detection (`nameKeySql`, in
 * DuckDB) apply. Patterns use only syntax JavaScript (`u` flag) and RE2 (DuckDB) read alike:
 * literal characters, classes, `?`, `{2,}` and capture groups, no back-references.
 */

const ch = (code: number): string => String.fromCodePoint(code);

const NIKHAHIT = ch(0x0e4d);
const SARA_AA = ch(0x0e32);
const SARA_AM = ch(0x0e33);
/** Tone marks ่ ้ ๊ ๋ (U+0E48–U+0E4B). */
const TONES = `[${ch(0x0e48)}-${ch(0x0e4b)}]`;
/** Vowels written above the consonant, which a tone mark follows: ั ิ ี ึ ื. */
const UPPER_VOWELS = `[${ch(0x0e31)}${ch(0x0e34)}-${ch(0x0e37)}]`;
/** Every Thai combining mark: one of them typed twice is typed once. */
const COMBINING = [0x0e31, ...range(0x0e34, 0x0e3a), ...range(0x0e47, 0x0e4e)].map(ch);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Zero-width and invisible characters that web copy-paste leaves in Thai text: zero-width space,
 * non-joiner and joiner, left-to-right and right-to-left marks, word joiner, BOM, soft hyphen.
 */
export const ZERO_WIDTH_SOURCE = `[${ch(0x200b)}-${ch(0x200f)}${ch(0x2060)}${ch(0xfeff)}${ch(0x00ad)}]`;

/** A rewrite: every match of `pattern` becomes `replacement`, where `$1`, `$2` name its groups. */
export interface MarkRewrite {
  readonly pattern: string;
  readonly replacement: string;
}

/**
 * The rewrites, in order, that bring Thai marks to one canonical form once zero-width characters
 * are gone and the text is NFC (NFC already puts a tone after a below vowel: ccc 103 before 107):
 * 1. a mark typed twice (`ก่่`) is typed once;
 * 2. a tone typed before an upper vowel (`ก่ี`) follows it (`กี่`): both have ccc 0, so NFC
 *    leaves them in the typed order;
 * 3. sara am typed as nikhahit + sara aa (`นํ้า` with the tone between, or `น้ํา`) is ำ, after
 *    the tone;
 * 4. a tone typed after sara am (`นำ้`) moves before it (`น้ำ`).
 */
export const THAI_MARK_REWRITES: readonly MarkRewrite[] = [
  ...COMBINING.map((mark) => ({ pattern: `${mark}{2,}`, replacement: mark })),
  { pattern: `(${TONES})(${UPPER_VOWELS})`, replacement: '$2$1' },
  { pattern: `${NIKHAHIT}(${TONES}?)${SARA_AA}`, replacement: `$1${SARA_AM}` },
  { pattern: `${SARA_AM}(${TONES})`, replacement: `$1${SARA_AM}` },
];

const ZERO_WIDTH = new RegExp(ZERO_WIDTH_SOURCE, 'gu');
const COMPILED = THAI_MARK_REWRITES.map((r) => [new RegExp(r.pattern, 'gu'), r.replacement] as const);
/** True when some rewrite applies: most text needs none and is returned as it is. */
const NEEDS_REWRITE = new RegExp(THAI_MARK_REWRITES.map((r) => r.pattern).join('|'), 'u');

/** Drops zero-width characters, applies NFC and the {@link THAI_MARK_REWRITES}. */
export function normaliseThaiMarks(text: string): string {
  const nfc = text.replace(ZERO_WIDTH, '').normalize('NFC');
  if (!NEEDS_REWRITE.test(nfc)) return nfc;
  let out = nfc;
  for (const [pattern, replacement] of COMPILED) out = out.replace(pattern, replacement);
  return out;
}
