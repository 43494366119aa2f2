/**
 * Times runDedup on a synthetic round of 1.5 M rows (700k pupils, 800k children) generated in
 * SQL, with ~0.5 % planted duplicates of each rule. Usage: `npx tsx test/bench/dedup.ts [rows [keep.duckdb]]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeDatabase, openDatabase } from '../../pipeline/db/database.ts';
import { readDedupResult } from '../../pipeline/dedup/dedup-repository.ts';
import { runDedup } from '../../pipeline/dedup/run-dedup.ts';

const ROWS = Number(process.argv[2] ?? 1_500_000);
const PUPILS = Math.round(ROWS * 0.47);
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

const syllable = (h: string): string =>
  `list_element(${sqlList(SYLLABLES)}, (${h} % ${SYLLABLES.length})::INTEGER + 1)`;
function sqlList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}

/** Row i takes its person from row src: duplicates copy an earlier row and alter one thing. */
const PEOPLE = `
CREATE TABLE synthetic AS
WITH r AS (
  SELECT range AS i, range % 200 AS m FROM range(${ROWS})
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

const REGISTRY = [
  `INSERT INTO rounds VALUES ('bench', 2569, 1, DATE '2026-06-10', now(), now(), DATE '2026-07-31')`,
  `INSERT INTO laos SELECT 'L' || range, 'lao', 'sao', (10 + range % 77)::VARCHAR, 'D' || (range % 900) FROM range(7850)`,
  `INSERT INTO institutions SELECT 'I' || range, 'inst', CASE WHEN range < 1800 THEN 'school' ELSE 'cdc' END, 'L' || (range % 7850), 'open' FROM range(20000)`,
];

const LOAD = [
  `INSERT INTO pupils SELECT 1, 'bench', 'I' || (inst % 1800), 'sheet', i::INTEGER, national_id, 'national-id', NULL,
     first_name, last_name, sex, birth_date, 'ป.1', NULL, NULL, NULL, NULL FROM synthetic WHERE i < ${PUPILS}`,
  `INSERT INTO children SELECT 2, 'bench', 'I' || (1800 + inst % 18200), 'sheet', i::INTEGER, national_id, 'national-id', NULL,
     first_name, last_name, sex, birth_date, 4, NULL, NULL, NULL FROM synthetic WHERE i >= ${PUPILS}`,
  'DROP TABLE synthetic',
];

const keep = process.argv[3];
const dir = await mkdtemp(path.join(os.tmpdir(), 'sis-bench-dedup-'));
const db = await openDatabase(keep ?? path.join(dir, 'bench.duckdb'));
try {
  await db.connection.run('SET threads = 2');
  let t = performance.now();
  for (const sql of [...REGISTRY, PEOPLE, ...LOAD]) await db.connection.run(sql);
  console.log(`generated ${ROWS} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  for (const label of ['first run', 'second run']) {
    t = performance.now();
    const cpu = process.cpuUsage();
    const summary = await runDedup(db.connection, { roundId: 'bench', now: new Date() });
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    console.log(
      `${label}: ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU`,
      {
        rowsScanned: summary.rowsScanned,
        flaggedRecords: summary.flaggedRecords,
        byRule: summary.byRule,
        pairsByRule: summary.pairsByRule,
        oversizedBlocks: summary.oversizedBlocks,
      },
    );
  }
  t = performance.now();
  const result = await readDedupResult(db.connection, 'bench');
  console.log(
    `readDedupResult: ${result.clusters} clusters in ${((performance.now() - t) / 1000).toFixed(2)} s`,
  );
} finally {
  closeDatabase(db);
  await rm(dir, { recursive: true, force: true });
}
