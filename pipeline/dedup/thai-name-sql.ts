import { GLUED_PREFIX_SPELLINGS, SPACED_PREFIX_SPELLINGS } from '../people/prefix.ts';
import { THAI_MARK_REWRITES, ZERO_WIDTH_SOURCE } from '../text/thai-marks.ts';

/*
 * SQL expressions (DuckDB, RE2 regular expressions) that reduce Thai names to the keys the
 * duplicate rules compare. They are built once from constants, never from user input, and run
 * inside DuckDB so that a round's 1.5 M rows never cross into JavaScript.
 */

/** A SQL string literal for `text` (single quotes doubled). */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const SPACES = String.raw`[\s\x{00A0}\x{3000}]+`;
const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/**
 * Prefixes a clerk may leave in the first-name cell, split as ingestion splits them
 * (`splitPrefix`, from the same lists): abbreviations (dotted or not) and long spellings even
 * when glued to the name (`ด.ช.สมชาย`, `ดชสมชาย`); short bare words (`นาย`, `นาง`) only when a
 * space follows, because real first names begin with them (`นางนวล`).
 */
function prefixPattern(): string {
  const escape = (s: string): string => s.replaceAll('.', String.raw`\.`);
  const glued = GLUED_PREFIX_SPELLINGS.map(escape).join('|');
  const spaced = SPACED_PREFIX_SPELLINGS.map(escape).join('|');
  return `^(?:(?:${glued})\\s*|(?:${spaced})\\s+)(.)`;
}

/**
 * Text that every step of {@link nameKeySql} leaves as it is: Thai letters, vowels and tone marks
 * (not ํ U+0E4D, not Thai digits) and lower-case Latin, with no tone mark before a below-vowel
 * (which NFC would reorder). Most names are already so; they skip the regular expressions.
 */
const CLEAN_CHARACTERS = String.raw`\x{0E01}-\x{0E3A}\x{0E40}-\x{0E4C}\x{0E4E}a-z`;
const NFC_REORDERS = String.raw`[\x{0E48}-\x{0E4B}][\x{0E38}-\x{0E3A}]`;
/**
 * Text some step would change: a character outside the clean set, a pair NFC would reorder, or a
 * mark rewrite's pattern. One unanchored search finds any of them (a third of the time of a full
 * match of the clean set followed by a search for the rewrites).
 */
const NEEDS_NORMALISING = [
  `[^${CLEAN_CHARACTERS}]`,
  NFC_REORDERS,
  ...THAI_MARK_REWRITES.map((r) => r.pattern),
].join('|');

function isCleanSql(column: string): string {
  return `(${column} <> '' AND NOT regexp_matches(${column}, ${sqlLiteral(NEEDS_NORMALISING)}))`;
}

/**
 * The Thai mark normalisation of ingestion (`normaliseThaiMarks`) in SQL, generated from the same
 * table: zero-width characters dropped, NFC, then each rewrite in order (`$1` becomes RE2's `\1`).
 */
export function thaiMarksSql(expression: string): string {
  const noZeroWidth = `regexp_replace(${expression}, ${sqlLiteral(ZERO_WIDTH_SOURCE)}, '', 'g')`;
  return THAI_MARK_REWRITES.reduce(
    (sql, r) =>
      `regexp_replace(${sql}, ${sqlLiteral(r.pattern)}, ${sqlLiteral(r.replacement.replace(/\$(\d)/gu, '\\$1'))}, 'g')`,
    `nfc_normalize(${noZeroWidth})`,
  );
}

/**
 * A name cell as compared for equality: {@link thaiMarksSql} (zero-width characters, NFC, Thai
 * marks in canonical order, split sara am as ำ), Thai digits to ASCII, spaces folded and
 * trimmed, Latin letters lower-cased: `normaliseText` lower-cased, so keys agree with what
 * ingestion stored.
 */
export function nameKeySql(column: string): string {
  const digits = `translate(${thaiMarksSql(column)}, ${sqlLiteral(THAI_DIGITS)}, '0123456789')`;
  const full = `lower(trim(regexp_replace(${digits}, ${sqlLiteral(SPACES)}, ' ', 'g')))`;
  return `CASE WHEN ${isCleanSql(column)} THEN ${column} ELSE ${full} END`;
}

/** A first-name key ({@link nameKeySql}) with a leftover name prefix removed: `ด.ญ. น้ำทิพย์` → `น้ำทิพย์`. */
export function stripPrefixSql(key: string): string {
  const pattern = sqlLiteral(prefixPattern());
  return `CASE WHEN regexp_matches(${key}, ${pattern}) THEN trim(regexp_replace(${key}, ${pattern}, '\\1')) ELSE ${key} END`;
}

/** Every Thai vowel, tone mark and sign (U+0E30–U+0E4E), and white space: a class's contents. */
const NOT_CONSONANT_CHARS = String.raw`\x{0E30}-\x{0E4E}\s`;
const NOT_CONSONANTS = `[${NOT_CONSONANT_CHARS}]`;
const CONSONANT = `[^${NOT_CONSONANT_CHARS}]`;
const FIRST_THAI_LETTER = 0x0e01;
const LAST_THAI_CONSONANT = 0x0e2f;
const FIRST_VOWEL_OR_SIGN = 0x0e30;
const LAST_VOWEL_OR_SIGN = 0x0e4e;
/** The code points of RE2's `\s`: tab, line feed, form feed, carriage return and space. */
const RE2_SPACES = [9, 10, 12, 13, 32] as const;

/**
 * The first consonant (or other non-vowel character) of a name key: a block key that costs a
 * fraction of {@link skeletonSql} and always agrees when the skeletons agree. Most keys begin with
 * it, and their first character is taken without the regular expression (a third of its time).
 */
export function initialSql(key: string): string {
  const first = `unicode(${key})`;
  const skipped = `${first} BETWEEN ${FIRST_VOWEL_OR_SIGN} AND ${LAST_VOWEL_OR_SIGN} OR ${first} IN (${RE2_SPACES.join(', ')})`;
  return `CASE WHEN NOT (${skipped}) THEN left(${key}, 1) ELSE regexp_extract(${key}, ${sqlLiteral(CONSONANT)}) END`;
}

/**
 * The last consonant (or other non-vowel character) of a name key, '' when it has none: the
 * {@link skeletonSql}'s last character. Two names with one skeleton end in the same consonant, so
 * comparing it first spares most pairs their skeletons (one match instead of a replace per mark).
 */
export function finalConsonantSql(key: string): string {
  return `regexp_extract(${key}, ${sqlLiteral(`(${CONSONANT})${NOT_CONSONANTS}*$`)}, 1)`;
}

/**
 * True when a name key holds a letter: `-` and empty placeholders never match anything. A key
 * that begins with a Thai consonant (U+0E01–U+0E2F, all letters) needs no regular expression.
 */
export function hasLetterSql(key: string): string {
  return `(unicode(${key}) BETWEEN ${FIRST_THAI_LETTER} AND ${LAST_THAI_CONSONANT} OR regexp_matches(${key}, '\\p{L}'))`;
}

/** Tone marks and other signs clerks drop or change: ็ ่ ้ ๊ ๋ ์ ํ ๎ (U+0E47–U+0E4E). */
const TONES_AND_SIGNS = String.raw`[\x{0E47}-\x{0E4E}]`;
/** Vowels folded to one of a similar pair: long→short i, ue, u; ใ→ไ; ะ ั ๅ → า. */
const VOWEL_FROM = 'ีืูใะัๅ';
const VOWEL_TO = 'ิึุไาาา';

/** A name key with tone marks removed and similar vowels folded: `สมศักดิ์` → `สมศากดิ`. */
function foldedSql(key: string): string {
  return `regexp_replace(translate(${key}, ${sqlLiteral(VOWEL_FROM)}, ${sqlLiteral(VOWEL_TO)}), ${sqlLiteral(TONES_AND_SIGNS)}, '', 'g')`;
}

/** A name key reduced to its consonants (every vowel, tone mark, sign and space removed). */
export function skeletonSql(key: string): string {
  return `regexp_replace(${key}, ${sqlLiteral(NOT_CONSONANTS)}, '', 'g')`;
}

/**
 * DuckDB's edit distances count UTF-8 bytes, and a Thai character is three bytes. Mapping the
 * Thai block (U+0E01–U+0E5B) one-to-one onto single-byte characters makes one changed Thai
 * letter cost one edit. Mapped text only feeds distances, never output.
 */
const THAI_BLOCK = Array.from({ length: 0x0e5b - 0x0e01 + 1 }, (_, i) =>
  String.fromCodePoint(0x0e01 + i),
).join('');
const SINGLE_BYTES = Array.from({ length: THAI_BLOCK.length }, (_, i) => String.fromCodePoint(0x21 + i)).join(
  '',
);

/**
 * The select list of a name's comparison forms, computed once per distinct key: `folded`,
 * `skeleton`, and `folded_bytes` (the folded text in single-byte characters, for distances).
 */
export function nameFormsSql(key: string): string {
  return `${foldedSql(key)} AS folded, ${skeletonSql(key)} AS skeleton,
    translate(${foldedSql(key)}, ${sqlLiteral(THAI_BLOCK)}, ${sqlLiteral(SINGLE_BYTES)}) AS folded_bytes`;
}

/**
 * Similarity in [0, 1] of two names of the same part (first or last), given the aliases of
 * their {@link nameFormsSql} rows (with `key`): 1 when equal, 0.95 when they differ only in tone
 * marks, signs or vowel length, 0.9 when only in vowels; otherwise 1 − Damerau-Levenshtein
 * distance / longer length on the folded text, capped at 0.9 so that a changed consonant never
 * outranks a changed vowel.
 */
export function nameSimilaritySql(a: string, b: string): string {
  const distance = `damerau_levenshtein(${a}.folded_bytes, ${b}.folded_bytes)`;
  const ratio = `greatest(0.0, 1.0 - ${distance} / greatest(length(${a}.folded), length(${b}.folded), 1))`;
  return `CASE
    WHEN ${a}.key = ${b}.key THEN 1.0
    WHEN ${a}.folded = ${b}.folded THEN 0.95
    WHEN ${a}.skeleton = ${b}.skeleton AND ${a}.skeleton <> '' THEN 0.9
    ELSE least(0.9, ${ratio}) END`;
}

/** Why two names of one part matched only approximately (NULL when equal), given {@link nameFormsSql} aliases. */
export function nameReasonSql(part: 'first-name' | 'last-name', a: string, b: string): string {
  return `CASE
    WHEN ${a}.key = ${b}.key THEN NULL
    WHEN ${a}.folded = ${b}.folded THEN '${part}-tone-or-vowel'
    WHEN ${a}.skeleton = ${b}.skeleton THEN '${part}-vowel'
    ELSE '${part}-spelling' END`;
}
