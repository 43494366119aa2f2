import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  finalConsonantSql,
  hasLetterSql,
  initialSql,
  nameKeySql,
  stripPrefixSql,
  sqlLiteral,
} from '../../pipeline/dedup/thai-name-sql.ts';
import { splitPrefix } from '../../pipeline/people/prefix.ts';
import { normaliseText } from '../../pipeline/text/normalise-text.ts';

const NIKHAHIT = '\u0E4D';
const SARA_AA = '\u0E32';
const MAI_THO = '\u0E49';
const MAI_EK = '\u0E48';
const SARA_II = '\u0E35';
const ZWSP = '\u200B';

/**
 * One table of name pairs that must (true) or must not (false) be equal, run against ingestion's
 * normalisation and duplicate detection's SQL on a real DuckDB: the two must agree on every pair.
 */
const PAIRS: ReadonlyArray<readonly [string, string, boolean]> = [
  // Sara am typed as nikhahit + sara aa, with the tone before, between or after
  ['น้ำทิพย์', `น${MAI_THO}${NIKHAHIT}${SARA_AA}ทิพย์`, true],
  ['น้ำทิพย์', `น${NIKHAHIT}${MAI_THO}${SARA_AA}ทิพย์`, true],
  ['น้ำทิพย์', `น\u0E33${MAI_THO}ทิพย์`, true],
  ['ทองคำ', `ทองค${NIKHAHIT}${SARA_AA}`, true],
  // A tone typed before an upper vowel
  ['พี่', `พ${MAI_EK}${SARA_II}`, true],
  ['ศรีสุข', 'ศรีสุข', true],
  ['ชื่นใจ', `ช${MAI_EK}\u0E37นใจ`, true],
  ['วันดี', `ว${MAI_THO}\u0E31นดี`, false],
  ['ว้ันดี', `ว${MAI_THO}\u0E31นดี`, true],
  // Repeated marks and zero-width characters
  ['สมศักดิ์', 'สมศักดิ์์', true],
  ['พี่', `พี${MAI_EK}${MAI_EK}`, true],
  ['สมชาย', `สม${ZWSP}ชาย`, true],
  ['สมชาย', `\uFEFFสมชาย\u200D`, true],
  ['สมชาย', ' สมชาย  ', true],
  ['น้ำ', `น${ZWSP}${MAI_THO}${NIKHAHIT}${SARA_AA}`, true],
  // A tone before a below vowel (NFC reorders it)
  ['ปุ่น', `ป${MAI_EK}\u0E38น`, true],
  // Thai digits and Latin case
  ['รร.เทศบาล ๑', 'รร.เทศบาล 1', true],
  ['Somchai', 'somchai', true],
  // Different names stay different
  ['สมชาย', 'สมชัย', false],
  ['น้ำทิพย์', 'นำทิพย์', false],
  ['พี่', 'พี้', false],
  ['มาลี', 'มะลี', false],
  ['นางนวล', 'นวล', false],
];

let instance: DuckDBInstance;
let connection: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

async function sqlKey(text: string): Promise<string> {
  const reader = await connection.runAndReadAll(`SELECT ${nameKeySql(sqlLiteral(text))} AS key`);
  return String(reader.getRowObjectsJS()[0]!.key);
}

describe('one Thai name normalisation for ingestion and duplicate detection', () => {
  test.each(PAIRS)('when %j and %j are compared then equal is %s in both', async (a, b, equal) => {
    const [ta, tb] = [normaliseText(a).toLowerCase(), normaliseText(b).toLowerCase()];
    const [sa, sb] = [await sqlKey(a), await sqlKey(b)];
    expect(ta === tb).toBe(equal);
    expect(sa === sb).toBe(equal);
    expect([sa, sb]).toEqual([ta, tb]);
  });

  test.each([
    ['ด.ช.สมชาย', 'สมชาย', 'ด.ช.'],
    ['เด็กหญิงมาลี', 'มาลี', 'ด.ญ.'],
    ['นาย สมชาย', 'สมชาย', 'นาย'],
    ['นาง นวล', 'นวล', 'นาง'],
    ['นางนวล', 'นางนวล', null],
    ['นายิกา', 'นายิกา', null],
    ['ดชสมชาย', 'สมชาย', 'ด.ช.'],
    ['นสมาลี', 'มาลี', 'น.ส.'],
    ['นายสมชาย', 'นายสมชาย', null],
  ] as const)(
    'when the first-name cell is %s then ingestion and SQL both read the name %s',
    async (cell, rest, prefix) => {
      const split = splitPrefix(cell);
      expect(split?.rest ?? cell).toBe(rest);
      expect(split?.prefix.canonical ?? null).toBe(prefix);
      const reader = await connection.runAndReadAll(
        `SELECT ${stripPrefixSql(nameKeySql(sqlLiteral(cell)))} AS key`,
      );
      expect(reader.getRowObjectsJS()[0]!.key).toBe(rest);
    },
  );

  /** The first character that is not a Thai vowel, tone mark or sign (U+0E30–U+0E4E) or RE2 space. */
  function expectedInitial(key: string): string {
    const skipped = (ch: string): boolean =>
      (ch.codePointAt(0)! >= 0x0e30 && ch.codePointAt(0)! <= 0x0e4e) || '\t\n\f\r '.includes(ch);
    return [...key].find((ch) => !skipped(ch)) ?? '';
  }
  const expectedFinal = (key: string): string => expectedInitial([...key].reverse().join(''));

  test.each([
    'สมชาย',
    'เพชร',
    'ไพลิน',
    'ำนา',
    ' สม',
    '\tก',
    '\nเก',
    '',
    '-',
    '๑ก',
    'somchai',
    '😀ก',
    '่่',
    'ฯ',
    'ฤดี',
    'สมศักดิ์',
    'ก่า ',
    'ดี\n',
  ])(
    'when a name key is %j then its initial, last consonant and letter test match the character rules',
    async (key) => {
      const reader = await connection.runAndReadAll(
        `SELECT ${initialSql(sqlLiteral(key))} AS initial, ${hasLetterSql(sqlLiteral(key))} AS has_letter,
              ${finalConsonantSql(sqlLiteral(key))} AS final`,
      );
      const row = reader.getRowObjectsJS()[0]!;
      expect(row.initial).toBe(expectedInitial(key));
      expect(row.has_letter).toBe(/\p{L}/u.test(key));
      expect(row.final).toBe(expectedFinal(key));
    },
  );

  test('when a name key is NULL then its initial, last consonant and letter test are NULL', async () => {
    const reader = await connection.runAndReadAll(
      `SELECT ${initialSql('NULL::VARCHAR')} AS initial, ${hasLetterSql('NULL::VARCHAR')} AS has_letter,
              ${finalConsonantSql('NULL::VARCHAR')} AS final`,
    );
    expect(reader.getRowObjectsJS()[0]).toEqual({ initial: null, has_letter: null, final: null });
  });

  test.each([
    ['Somchai', 'somchai'],
    ['สม\nชาย', 'สม ชาย'],
    ['สมชาย1', 'สมชาย1'],
    ['สมชาย๑', 'สมชาย1'],
    ['ก.', 'ก.'],
  ])(
    'when a name holds a character outside the clean set (%j) then it is normalised as ingestion does',
    async (cell, key) => {
      expect(normaliseText(cell).toLowerCase()).toBe(key);
      expect(await sqlKey(cell)).toBe(key);
    },
  );
});
