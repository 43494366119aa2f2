import type { DuckDBConnection } from '@duckdb/node-api';

/*
 * The speed data set: a synthetic round generated in SQL, 47 % pupils and 53 % children in
 * 20,000 institutions of 7,850 LAOs over 77 provinces, with about 0.5 % planted duplicates of
 * each rule. Row i takes its person from row src: duplicates copy an earlier row and alter one
 * thing.
 */

/** The round the speed data set is loaded into. */
export const SPEED_ROUND = 'bench';

const SYLLABLES = [
  'สม',
  'ชาย',
  'ศรี',
  'สุข',
  'ใจ',
  'ดี',
  'ทอง',
  'คำ',
  'แก้ว',
  'มณี',
  'ประ',
  'เสริฐ',
  'วัฒ',
  'นา',
  'กิจ',
  'พงษ์',
  'ธนา',
  'กร',
  'ปิ',
  'ยะ',
  'อรุณ',
  'รัตน์',
  'ชัย',
  'วงศ์',
  'บุญ',
  'มา',
  'จัน',
  'ทร์',
  'สุ',
  'ภา',
  'พร',
  'ทิพย์',
  'น้ำ',
  'ฝน',
  'เพชร',
  'รุ่ง',
  'เรือง',
  'ศักดิ์',
  'กมล',
  'วรรณ',
];

function syllable(hash: string): string {
  const list = `[${SYLLABLES.map((s) => `'${s}'`).join(', ')}]`;
  return `list_element(${list}, (${hash} % ${SYLLABLES.length})::INTEGER + 1)`;
}

function peopleSql(rows: number): string {
  return `
CREATE TABLE synthetic AS
WITH r AS (
  SELECT range AS i, range % 200 AS m FROM range(${rows})
),
s AS (
  SELECT i, m, CASE WHEN m BETWEEN 2 AND 4 THEN i - m ELSE i END AS src FROM r
)
SELECT i, m,
  -- same-id plants (m = 1) reuse the previous row's ID in another institution
  lpad((CASE WHEN m = 1 THEN i - 1 ELSE i END)::VARCHAR, 12, '0') || '0' AS national_id,
  CASE WHEN m IN (3, 4) THEN (hash(src * 16 + 1) % 20000) ELSE hash(i * 16 + 1) % 20000 END AS inst,
  -- ~64k first names and ~2.5M possible surnames: more spellings than real rosters have
  ${syllable('hash(src * 16 + 2)')} || ${syllable('hash(src * 16 + 3)')} || ${syllable('hash(src * 16 + 9)')}
    || CASE WHEN m = 5 THEN '\u200B ' ELSE '' END AS first_name,
  -- probable plants: m = 3 adds a tone mark to the last name, m = 4 moves the birth year by 543
  regexp_replace(${syllable('hash(src * 16 + 4)')} || ${syllable('hash(src * 16 + 5)')} || ${syllable('hash(src * 16 + 6)')}
    || ${syllable('hash(src * 16 + 10)')},
    '^(.)', CASE WHEN m = 3 THEN '\\1่' ELSE '\\1' END) AS last_name,
  CASE WHEN hash(src * 16 + 7) % 2 = 0 THEN 'M' ELSE 'F' END AS sex,
  (DATE '2008-01-01' + (hash(src * 16 + 8) % 5500)::INTEGER + CASE WHEN m = 4 THEN INTERVAL 543 YEAR ELSE INTERVAL 0 YEAR END)::DATE AS birth_date
FROM s`;
}

const REGISTRY = [
  `INSERT INTO rounds VALUES ('${SPEED_ROUND}', 2569, 1, DATE '2026-06-10', now(), now(), DATE '2026-07-31')`,
  `INSERT INTO laos SELECT 'L' || range, 'lao', 'sao', (10 + range % 77)::VARCHAR, 'D' || (range % 900) FROM range(7850)`,
  `INSERT INTO institutions SELECT 'I' || range, 'inst', CASE WHEN range < 1800 THEN 'school' ELSE 'cdc' END, 'L' || (range % 7850), 'open' FROM range(20000)`,
];

function loadSql(rows: number): string[] {
  const pupils = Math.round(rows * 0.47);
  return [
    `INSERT INTO pupils SELECT 1, '${SPEED_ROUND}', 'I' || (inst % 1800), 'sheet', i::INTEGER, national_id, 'national-id', NULL,
       first_name, last_name, sex, birth_date, 'ป.1', NULL, NULL, NULL, NULL FROM synthetic WHERE i < ${pupils}`,
    `INSERT INTO children SELECT 2, '${SPEED_ROUND}', 'I' || (1800 + inst % 18200), 'sheet', i::INTEGER, national_id, 'national-id', NULL,
       first_name, last_name, sex, birth_date, 4, NULL, NULL, NULL FROM synthetic WHERE i >= ${pupils}`,
    'DROP TABLE synthetic',
  ];
}

/** Fills a migrated, empty warehouse with the registry and `rows` pupils and children of {@link SPEED_ROUND}. */
export async function generateSpeedRound(connection: DuckDBConnection, rows: number): Promise<void> {
  for (const sql of [...REGISTRY, peopleSql(rows), ...loadSql(rows)]) await connection.run(sql);
}
