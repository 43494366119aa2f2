import type { DuckDBConnection } from '@duckdb/node-api';

/*
 * A whole country's round for the report benchmark, generated in SQL straight into the
 * warehouse tables (the file pipeline has its own benchmark): 77 provinces, 7,850 LAOs of five
 * types, 1,800 schools and 18,200 CDCs (2 % closed, 10 % without a file), ~29,000 other-
 * affiliation schools, pupils over every grade and children aged 2–5, and unresolved duplicate
 * groups in the dedup tables so that `counted_persons` does its full work.
 */

const LAO_TYPES = "['pao', 'city', 'town', 'subdistrict-municipality', 'sao', 'sao', 'sao']";
const GRADES =
  "['อ.1','อ.2','อ.3','ป.1','ป.2','ป.3','ป.4','ป.5','ป.6','ม.1','ม.2','ม.3','ม.4','ม.5','ม.6','ปวช.1','ปวช.2','ปวช.3']";

function statements(round: string, rows: number): string[] {
  const pupils = Math.round(rows * 0.47);
  const children = rows - pupils;
  return [
    `INSERT INTO laos SELECT 'L' || lpad(range::VARCHAR, 5, '0'), 'อปท. ' || range,
       list_element(${LAO_TYPES}, (range % 7)::INTEGER + 1), (10 + range % 77)::VARCHAR, 'อำเภอ ' || (range % 11)
     FROM range(7850)`,
    `INSERT INTO institutions SELECT 'I' || lpad(range::VARCHAR, 6, '0'), 'สถานศึกษา ' || range,
       CASE WHEN range < 1800 THEN 'school' ELSE 'cdc' END, 'L' || lpad((range * 7 % 7850)::VARCHAR, 5, '0'),
       CASE WHEN range % 50 = 49 THEN 'closed' ELSE 'open' END
     FROM range(20000)`,
    `INSERT INTO other_schools SELECT 'S' || lpad(range::VARCHAR, 6, '0'), 'โรงเรียน ' || range, 'สพฐ.',
       'L' || lpad((range % 7850)::VARCHAR, 5, '0') FROM range(29000)`,
    // One current file per open institution but every tenth, one per LAO with other schools.
    `INSERT INTO submissions (submission_id, sha256, file_name, file_size, uploaded_by, uploaded_at, as_of, round_id,
       template_id, template_version, subject_code, status, is_current, finished_at)
     SELECT row_number() OVER (), 'x', 'f.xlsx', 1, 'bench', now(), now(), '${round}',
       CASE WHEN kind = 'school' THEN 'sis-students' ELSE 'ccis-children' END, '1', institution_code, 'accepted', true, now()
     FROM institutions WHERE status = 'open' AND hash(institution_code) % 10 <> 0`,
    `INSERT INTO submissions (submission_id, sha256, file_name, file_size, uploaded_by, uploaded_at, as_of, round_id,
       template_id, template_version, subject_code, status, is_current, finished_at)
     SELECT 100000 + row_number() OVER (), 'x', 'o.xlsx', 1, 'bench', now(), now(), '${round}', 'other-schools', '1',
       lao_code, 'accepted', true, now()
     FROM (SELECT DISTINCT lao_code FROM other_schools)`,
    `CREATE TEMP TABLE sent AS SELECT s.submission_id, i.institution_code, i.kind
     FROM submissions s JOIN institutions i ON i.institution_code = s.subject_code`,
    `CREATE TEMP TABLE sent_schools AS SELECT *, row_number() OVER (ORDER BY institution_code) - 1 AS k FROM sent WHERE kind = 'school'`,
    `CREATE TEMP TABLE sent_cdcs AS SELECT *, row_number() OVER (ORDER BY institution_code) - 1 AS k FROM sent WHERE kind = 'cdc'`,
    `INSERT INTO pupils SELECT s.submission_id, '${round}', s.institution_code, 'นักเรียน', r.range::INTEGER,
       lpad(r.range::VARCHAR, 13, '0'), 'national-id', NULL, 'ชื่อ', 'สกุล', CASE WHEN r.range % 2 = 0 THEN 'M' ELSE 'F' END,
       DATE '2015-01-01', list_element(${GRADES}, (hash(r.range) % 18)::INTEGER + 1), NULL, NULL, NULL, NULL
     FROM (SELECT range, range % (SELECT count(*) FROM sent_schools) AS k FROM range(${pupils})) r
       JOIN sent_schools s ON s.k = r.k`,
    `INSERT INTO children SELECT s.submission_id, '${round}', s.institution_code, 'เด็ก', r.range::INTEGER,
       lpad((r.range + 5000000)::VARCHAR, 13, '0'), 'national-id', NULL, 'ชื่อ', 'สกุล',
       CASE WHEN r.range % 2 = 0 THEN 'M' ELSE 'F' END, DATE '2022-01-01', 2 + (hash(r.range) % 4)::INTEGER, NULL, NULL, NULL
     FROM (SELECT range, range % (SELECT count(*) FROM sent_cdcs) AS k FROM range(${children})) r
       JOIN sent_cdcs s ON s.k = r.k`,
    `INSERT INTO institution_facts SELECT submission_id, '${round}', institution_code,
       (hash(institution_code) % 30)::INTEGER, (hash(institution_code) % 20)::INTEGER,
       CASE WHEN kind = 'cdc' THEN (hash(institution_code) % 6)::INTEGER END FROM sent`,
    `INSERT INTO other_school_counts SELECT s.submission_id, '${round}', o.lao_code, 'โรงเรียนสังกัดอื่น', 1, o.school_code,
       o.school_name, o.affiliation, g.grade, x.sex, (hash(o.school_code || g.grade || x.sex) % 40)::INTEGER
     FROM other_schools o JOIN submissions s ON s.subject_code = o.lao_code AND s.template_id = 'other-schools',
       (SELECT unnest(${GRADES}[1:9]) AS grade) g, (SELECT unnest(['M', 'F']) AS sex) x`,
    // Pairs of pupils in two schools under one ID: unresolved duplicate groups.
    `INSERT INTO dedup_members SELECT '${round}', 'C' || p.row_number, 'same-id', 'G' || p.row_number, 'pupil',
       p.institution_code, p.national_id, 'national-id', NULL, NULL, NULL, p.submission_id, p.sheet, p.row_number,
       p.first_name, p.last_name, p.sex, p.birth_date
     FROM pupils p WHERE p.row_number % 500 IN (0, 1)`,
    `UPDATE dedup_members SET cluster_id = 'C' || (row_number - row_number % 500), group_id = 'G' || (row_number - row_number % 500)`,
    'DROP TABLE sent',
    'DROP TABLE sent_schools',
    'DROP TABLE sent_cdcs',
  ];
}

/** Fills a migrated, empty warehouse with a country's registry and about `rows` pupils and children of `round`. */
export async function generateReportRound(
  connection: DuckDBConnection,
  round: string,
  rows: number,
): Promise<void> {
  for (const sql of statements(round, rows)) await connection.run(sql);
}
