import type { DuckDBConnection } from '@duckdb/node-api';
import { closeDatabase, openDatabase } from '../db/database.ts';
import { withDuckDB } from '../db/kysely-duckdb.ts';
import { ANALYST_VIEWS, UNPUBLISHED_TABLES } from './analyst-views.ts';
import {
  CODE_LISTS,
  COLUMN_TEXT,
  LINEAGE_COLUMNS,
  TABLE_COLUMNS,
  TABLE_TEXT,
  type Text,
} from './column-descriptions.ts';
import { cellText } from './format-result.ts';

/**
 * A tiny warehouse the worked examples run on (raw SQL: a documentation fixture). One school
 * counted in two rounds: A stays, B is gone without an answer, C was answered 203 (moved out),
 * D joins; a centre that sent nothing; a closed school. IDs are G-codes, not real people.
 */
const SAMPLE = `
INSERT INTO provinces VALUES ('42', 'เลย', 'Loei');
INSERT INTO rounds VALUES
  ('2562-2', 2562, 2, DATE '2019-11-10', TIMESTAMPTZ '2019-10-06 17:00:00+00', TIMESTAMPTZ '2019-11-15 17:00:00+00', DATE '2019-12-27'),
  ('2563-1', 2563, 1, DATE '2020-06-10', TIMESTAMPTZ '2020-05-31 17:00:00+00', TIMESTAMPTZ '2020-06-30 17:00:00+00', DATE '2020-07-31');
INSERT INTO laos VALUES ('4200101', 'อบต.ตัวอย่าง', 'sao', '42', 'เมืองเลย');
INSERT INTO institutions VALUES
  ('3042000001', 'โรงเรียนบ้านตัวอย่าง', 'school', '4200101', 'open'),
  ('7042000001', 'ศพด.บ้านตัวอย่าง', 'cdc', '4200101', 'open'),
  ('3042000009', 'โรงเรียนปิดแล้ว', 'school', '4200101', 'closed');
INSERT INTO submissions (submission_id, sha256, file_name, file_size, uploaded_by, uploaded_at, as_of, round_id,
  template_id, template_version, subject_code, status, is_current, rows_total, rows_accepted, rows_rejected, errors, warnings, finished_at)
VALUES
  (1, 'aa', 'roster-2562-2.xlsx', 1000, 'clerk', TIMESTAMPTZ '2019-11-01 03:00:00+00', TIMESTAMPTZ '2019-11-01 03:00:00+00', '2562-2',
   'sis-students', '1', '3042000001', 'accepted', true, 3, 3, 0, 0, 1, TIMESTAMPTZ '2019-11-01 03:00:05+00'),
  (2, 'bb', 'roster-2563-1.xlsx', 1000, 'clerk', TIMESTAMPTZ '2020-06-12 03:00:00+00', TIMESTAMPTZ '2020-06-12 03:00:00+00', '2563-1',
   'sis-students', '1', '3042000001', 'accepted', true, 2, 2, 0, 0, 0, TIMESTAMPTZ '2020-06-12 03:00:05+00');
INSERT INTO issues VALUES (1, 1, 'warning', 'row/age-unusual', 'นักเรียน', 'F4', 4, 'วันเกิด', 'birth_date', '05/03/2550', 'อายุไม่ตรงกับชั้น');
INSERT INTO pupils VALUES
  (1, '2562-2', '3042000001', 'นักเรียน', 2, 'G624200000001', 'g-code', 'ด.ช.', 'ก', 'ก', 'M', DATE '2013-03-05', 'ป.1', NULL, NULL, NULL, NULL),
  (1, '2562-2', '3042000001', 'นักเรียน', 3, 'G624200000002', 'g-code', 'ด.ญ.', 'ข', 'ข', 'F', DATE '2013-04-05', 'ป.1', NULL, NULL, NULL, NULL),
  (1, '2562-2', '3042000001', 'นักเรียน', 4, 'G624200000003', 'g-code', 'ด.ญ.', 'ค', 'ค', 'F', DATE '2013-05-05', 'ป.1', NULL, NULL, NULL, NULL),
  (2, '2563-1', '3042000001', 'นักเรียน', 2, 'G624200000001', 'g-code', 'ด.ช.', 'ก', 'ก', 'M', DATE '2013-03-05', 'ป.2', NULL, NULL, NULL, NULL),
  (2, '2563-1', '3042000001', 'นักเรียน', 3, 'G634200000004', 'g-code', 'ด.ช.', 'ง', 'ง', 'M', DATE '2013-06-05', 'ป.2', NULL, NULL, NULL, NULL);
INSERT INTO record_decisions VALUES (1, '2562-2', '3042000001', 'G624200000003', 'pupil', 1, 'นักเรียน', 4, 203, 'ย้ายไปจังหวัดอื่น', 'province-42', TIMESTAMPTZ '2019-11-20 03:00:00+00');
`;

/** The worked examples: each query runs on the sample above and its output is printed under it. */
export const EXAMPLES: ReadonlyArray<{ readonly title: Text; readonly sql: string }> = [
  {
    title: { th: 'นักเรียนที่นับ รายรอบ ชั้น และเพศ', en: 'Counted pupils by round, grade and sex' },
    sql: 'SELECT "round", grade, sex, sum(pupils) AS pupils FROM pupil_counts GROUP BY ALL ORDER BY ALL',
  },
  {
    title: { th: 'สถานศึกษาที่ยังไม่ส่งข้อมูลรอบ 2562-2', en: 'Who has not submitted in round 2562-2' },
    sql: `SELECT institution_code, kind, status, rows_accepted FROM submission_status WHERE "round" = '2562-2' ORDER BY institution_code`,
  },
  {
    title: { th: 'คงอยู่ เข้าใหม่ และออก ระหว่างรอบ', en: 'Stayed, joined and left between rounds' },
    sql: 'SELECT * FROM round_changes ORDER BY ALL',
  },
  {
    title: {
      th: 'เด็กที่หายไปในรอบถัดไปโดยไม่มีคำตอบว่าย้ายหรือจบ (C ตอบ 203 แล้วจึงไม่อยู่ในรายการ)',
      en: 'Children gone in the next round without a transfer answer (C, answered 203, is not listed)',
    },
    sql: 'SELECT from_round, to_round, national_id, institution_code, grade FROM round_moves ORDER BY ALL',
  },
  {
    title: { th: 'ปัญหาที่พบบ่อย', en: 'Most frequent issues' },
    sql: 'SELECT code, severity, sum(n) AS n FROM issue_summary GROUP BY ALL ORDER BY n DESC, code',
  },
];

interface ColumnRow {
  table_name: string;
  table_type: string;
  column_name: string;
  data_type: string;
}

/**
 * docs/data-dictionary.md, generated from the migrated schema (information_schema), the stable
 * views and `column-descriptions.ts`, with the worked examples run on a sample warehouse.
 * Throws naming every published column that lacks a description.
 */
export async function renderDataDictionary(): Promise<string> {
  const database = await openDatabase(':memory:');
  try {
    return await withDuckDB(database.db, async (connection) => {
      for (const view of ANALYST_VIEWS) await connection.run(view.sql);
      await connection.run(SAMPLE);
      const columns = (await rows(connection, COLUMNS_SQL)) as unknown as ColumnRow[];
      const keys = await primaryKeys(connection);
      const examples: string[] = [];
      for (const example of EXAMPLES) examples.push(await renderExample(connection, example));
      return render(
        columns.filter((c) => !UNPUBLISHED_TABLES.has(c.table_name)),
        keys,
        examples,
      );
    });
  } finally {
    closeDatabase(database);
  }
}

const COLUMNS_SQL = `
SELECT c.table_name, t.table_type, c.column_name, c.data_type
FROM information_schema.columns c
JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
WHERE c.table_schema = 'main'
ORDER BY c.table_name, c.ordinal_position`;

async function rows(connection: DuckDBConnection, sql: string): Promise<Array<Record<string, unknown>>> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
}

async function primaryKeys(connection: DuckDBConnection): Promise<Map<string, string[]>> {
  const found = await rows(
    connection,
    `SELECT table_name, constraint_column_names AS cols FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'`,
  );
  return new Map(found.map((r) => [String(r.table_name), r.cols as string[]]));
}

async function renderExample(
  connection: DuckDBConnection,
  example: (typeof EXAMPLES)[number],
): Promise<string> {
  const reader = await connection.runAndReadAll(example.sql);
  const names = reader.columnNames();
  const body = reader
    .getRowObjectsJson()
    .map((r) => `| ${names.map((n) => escape(cellText(r[n]))).join(' | ')} |`);
  return [
    `### ${example.title.th} (${example.title.en})`,
    '',
    '```sql',
    example.sql,
    '```',
    '',
    `| ${names.join(' | ')} |`,
    `| ${names.map(() => '---').join(' | ')} |`,
    ...body,
    '',
  ].join('\n');
}

function escape(text: string): string {
  return text.replaceAll('|', '\\|');
}

function describeColumn(table: string, column: string): Text | undefined {
  return TABLE_COLUMNS[table]?.[column] ?? COLUMN_TEXT[column];
}

function render(
  columns: readonly ColumnRow[],
  keys: Map<string, string[]>,
  examples: readonly string[],
): string {
  const missing = columns
    .filter((c) => !describeColumn(c.table_name, c.column_name))
    .map((c) => `${c.table_name}.${c.column_name}`);
  const tables = [...new Set(columns.map((c) => c.table_name))];
  missing.push(...tables.filter((t) => !TABLE_TEXT[t]));
  if (missing.length > 0)
    throw new Error(`no description in column-descriptions.ts for: ${missing.join(', ')}`);
  const stable = new Set(ANALYST_VIEWS.map((v) => v.name));
  const kind = (table: string) =>
    stable.has(table) ? 0 : columns.find((c) => c.table_name === table)?.table_type === 'VIEW' ? 2 : 1;
  const ordered = [...tables].sort((a, b) => kind(a) - kind(b) || (a < b ? -1 : 1));
  const headings = [
    '## มุมมองคงที่ (Stable views)',
    '## ตาราง (Tables)',
    '## มุมมองของคลังข้อมูล (Warehouse views)',
  ];
  const out: string[] = [HEADER];
  let section = -1;
  for (const table of ordered) {
    if (kind(table) !== section) {
      section = kind(table);
      out.push(headings[section]!, '');
    }
    out.push(
      renderTable(
        table,
        columns.filter((c) => c.table_name === table),
        keys.get(table),
      ),
    );
  }
  out.push('## รายการรหัส (Code lists)', '');
  for (const list of CODE_LISTS)
    out.push(`**${list.column}**`, '', ...list.codes.map(([code, text]) => `- \`${code}\`: ${text}`), '');
  out.push('## ตัวอย่างคำสั่ง (Worked examples)', '', SAMPLE_NOTE, '', ...examples);
  return `${out.join('\n').trimEnd()}\n`;
}

function renderTable(table: string, columns: readonly ColumnRow[], key: string[] | undefined): string {
  const text = TABLE_TEXT[table]!;
  const lines = [`### \`${table}\``, '', `${text.th} — ${text.en}`, ''];
  if (key) lines.push(`คีย์หลัก (primary key): ${key.map((k) => `\`${k}\``).join(', ')}`, '');
  lines.push('| column | type | คำอธิบาย | description |', '| --- | --- | --- | --- |');
  for (const c of columns) {
    const d = describeColumn(table, c.column_name)!;
    const lineage = LINEAGE_COLUMNS.has(c.column_name) ? ' (lineage)' : '';
    lines.push(`| \`${c.column_name}\` | ${c.data_type} | ${escape(d.th)} | ${escape(d.en)}${lineage} |`);
  }
  return `${lines.join('\n')}\n`;
}

const HEADER = `# พจนานุกรมข้อมูล (Data dictionary)

Generated by \`npm run docs:dictionary\` from the migrations, the stable views and
\`pipeline/snapshot/column-descriptions.ts\`; do not edit by hand (a test fails when this file is stale).

Every table and view below is in each published snapshot (\`sis query\`, or the snapshot's
\`catalogue.duckdb\` opened read-only from DuckDB, Python or R). Account tables (\`users\`,
\`api_tokens\`), \`audit_log\`, reminder messages and LAO contacts (\`reminder_outbox\`,
\`lao_contacts\`) and certified copies (\`certified_forms\`) are never published. Columns marked *(personal data)* are masked
by \`sis export --masked\`; columns marked *(lineage)* lead back to the file, sheet and row a
value came from. The stable views are a public contract: their names and columns do not change.
`;

const SAMPLE_NOTE = `The examples run on a small sample warehouse (one school counted in rounds 2562-2 and
2563-1: pupil A stays, B is gone with no answer, C was answered 203 (moved out), D joins; a centre
that sent nothing; a closed school). Their outputs below are produced by the generator itself.`;
