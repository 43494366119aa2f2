import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dateValue, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, queryRows, type Database } from '../../pipeline/db/database.ts';
import {
  markNotSame,
  readDedupPairs,
  readDedupResult,
  readFlaggedInstitutions,
  readProvinceTotals,
  recordDecision,
} from '../../pipeline/dedup/dedup-repository.ts';
import type { DedupCluster, DedupPair, DedupRule } from '../../pipeline/dedup/dedup-types.ts';
import { MAX_BLOCK_ROWS } from '../../pipeline/dedup/dedup-sql.ts';
import { runDedup } from '../../pipeline/dedup/run-dedup.ts';

const ROUND = '2569-1';
const NEXT_ROUND = '2569-2';
const NOW = new Date('2026-07-01T03:00:00Z');

// ---------------------------------------------------------------- test data, built here

/** A valid national ID from 12 digits (check digit computed, not copied). */
function nationalId(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
  return `${first12}${(11 - (sum % 11)) % 10}`;
}

/** The n-th test ID: `1 5001 00000 nn` + check digit. */
function idOf(n: number): string {
  return nationalId(`15001000${String(n).padStart(4, '0')}`);
}

/** The ID with its third digit changed: the checksum weight there is 11, so it stays valid. */
function oneDigitOff(id: string): string {
  return `${id.slice(0, 2)}${(Number(id[2]) + 1) % 10}${id.slice(3)}`;
}

/** The ID with its first two unequal adjacent digits swapped (ingestion would reject the checksum; dedup does not re-check). */
function transposed(id: string): string {
  const i = [...id].findIndex((digit, k) => k < 11 && digit !== id[k + 1]);
  return `${id.slice(0, i)}${id[i + 1]}${id[i]}${id.slice(i + 2)}`;
}

interface Person {
  readonly kind: 'pupil' | 'child';
  readonly institution: string;
  readonly id: string;
  readonly first: string;
  readonly last: string;
  readonly sex: 'M' | 'F';
  readonly birth: string;
  readonly round?: string;
}

const LAOS = [
  ['L50A', 'ทต.แม่เหียะ', 'subdistrict', '50', 'เมืองเชียงใหม่'],
  ['L50B', 'ทต.สันทราย', 'subdistrict', '50', 'สันทราย'],
  ['L10A', 'กทม.', 'bma', '10', 'พระนคร'],
] as const;

/** Codes sort C10A < C50A < S10A < S50A < S50B: the lowest open member represents a group. */
const INSTITUTIONS = [
  ['S50A', 'school', 'L50A'],
  ['S50B', 'school', 'L50B'],
  ['C50A', 'cdc', 'L50A'],
  ['S10A', 'school', 'L10A'],
  ['C10A', 'cdc', 'L10A'],
] as const;

const X1 = idOf(1);
const X2 = idOf(2);
const O1 = idOf(3);
const T1 = idOf(4);

const pupil = (
  institution: string,
  id: string,
  first: string,
  last: string,
  sex: 'M' | 'F',
  birth: string,
): Person => ({
  kind: 'pupil',
  institution,
  id,
  first,
  last,
  sex,
  birth,
});
const child = (
  institution: string,
  id: string,
  first: string,
  last: string,
  sex: 'M' | 'F',
  birth: string,
): Person => ({
  ...pupil(institution, id, first, last, sex, birth),
  kind: 'child',
});

const BACKGROUND: Person[] = [
  pupil('S50A', idOf(101), 'มานะ', 'รักเรียน', 'M', '2013-01-15'),
  pupil('S50B', idOf(102), 'ปิติ', 'ยินดี', 'M', '2013-06-01'),
  child('C50A', idOf(103), 'ชูใจ', 'เลิศล้ำ', 'F', '2021-02-02'),
  pupil('S10A', idOf(104), 'วีระ', 'กล้าหาญ', 'M', '2012-11-11'),
  child('C10A', idOf(105), 'ดวงใจ', 'สว่างศรี', 'F', '2020-09-09'),
  // Unrelated children sharing birth date, sex, province and initials: never a probable pair.
  pupil('S50A', idOf(106), 'สมพร', 'ใจงาม', 'F', '2014-07-07'),
  pupil('S50B', idOf(107), 'สมพิศ', 'ใจเย็น', 'F', '2014-07-07'),
  pupil('S50A', idOf(108), 'ประเสริฐ', 'มั่นคง', 'M', '2014-07-07'),
  pupil('S50B', idOf(109), 'ประยุทธ', 'มั่นใจ', 'M', '2014-07-07'),
];

const SAME_ID: Person[] = [
  // school–school across provinces
  pupil('S50A', X1, 'อนุชา', 'ทองคำ', 'M', '2012-05-20'),
  pupil('S10A', X1, 'อนุชา', 'ทองคำ', 'M', '2012-05-20'),
  // school–CDC in one province
  pupil('S50B', X2, 'กัญญา', 'บุญมา', 'F', '2020-12-01'),
  child('C50A', X2, 'กัญญา', 'บุญมา', 'F', '2020-12-01'),
];

const SAME_NAME_DOB: Person[] = [
  pupil('S50A', O1, 'กมล', 'สุขใจ', 'M', '2015-04-02'),
  pupil('S50B', oneDigitOff(O1), 'กมล', 'สุขใจ', 'M', '2015-04-02'),
  child('C50A', T1, 'อารีย์', 'ทองดี', 'F', '2021-08-19'),
  child('C10A', transposed(T1), 'อารีย์', 'ทองดี', 'F', '2021-08-19'),
  // A leftover prefix, a split sara am (น ้ ํ า), a zero-width space and stray spaces: one name.
  pupil('S50B', idOf(5), 'น้ำทิพย์', 'แสงทอง', 'F', '2014-10-10'),
  pupil('S10A', idOf(600), 'ด.ญ.  น\u0E49\u0E4D\u0E32\u200Bทิพย์ ', ' แสงทอง', 'F', '2014-10-10'),
];

const TWINS: Person[] = [
  // Same surname, birth date and sex, different first names: two children (rule 2 must not merge).
  pupil('S50A', idOf(700), 'ธนากร', 'วงศ์ใหญ่', 'M', '2016-01-01'),
  pupil('S50A', idOf(701), 'ธนกฤต', 'วงศ์ใหญ่', 'M', '2016-01-01'),
  // Twins whose names differ only in a vowel, IDs issued together: not a probable pair either.
  child('C50A', idOf(702), 'ปิยะ', 'ศรีสม', 'F', '2021-03-03'),
  child('C50A', idOf(703), 'ปิยา', 'ศรีสม', 'F', '2021-03-03'),
];

const PROBABLE: Person[] = [
  // A dropped tone mark (แก้ว / แกว), two districts of one province.
  pupil('S50A', idOf(8), 'ณัฐวุฒิ', 'แก้วมณี', 'M', '2013-09-09'),
  pupil('S50B', idOf(19), 'ณัฐวุฒิ', 'แกวมณี', 'M', '2013-09-09'),
  // A BE year stored as CE (2564 = 2021).
  child('C50A', idOf(10), 'วรรณา', 'ศรีทอง', 'F', '2021-03-05'),
  pupil('S50B', idOf(23), 'วรรณา', 'ศรีทอง', 'F', '2564-03-05'),
];

const ALL: Person[] = [...BACKGROUND, ...SAME_ID, ...SAME_NAME_DOB, ...TWINS, ...PROBABLE];

async function seedRegistry(connection: DuckDBConnection): Promise<void> {
  for (const [roundId, term] of [
    [ROUND, 1],
    [NEXT_ROUND, 2],
  ] as const) {
    await connection.run(
      `INSERT INTO rounds VALUES ($1, 2569, $2, DATE '2026-06-10', TIMESTAMPTZ '2026-05-17 17:00:00+00',
       TIMESTAMPTZ '2026-06-30 17:00:00+00', DATE '2026-07-31')`,
      [roundId, term],
    );
  }
  for (const lao of LAOS) await connection.run('INSERT INTO laos VALUES ($1, $2, $3, $4, $5)', [...lao]);
  for (const [code, kind, lao] of INSTITUTIONS) {
    await connection.run(`INSERT INTO institutions VALUES ($1, $1, $2, $3, 'open')`, [code, kind, lao]);
  }
}

/** Appends people to `pupils` / `children` with the DuckDB appender, one submission per institution. */
async function addPeople(connection: DuckDBConnection, people: readonly Person[]): Promise<void> {
  const pupils = await connection.createAppender('pupils');
  const children = await connection.createAppender('children');
  const rowCount = new Map<string, number>();
  for (const person of people) {
    const appender = person.kind === 'pupil' ? pupils : children;
    const round = person.round ?? ROUND;
    const row = (rowCount.get(person.institution) ?? 4) + 1;
    rowCount.set(person.institution, row);
    const [year, month, day] = person.birth.split('-').map(Number) as [number, number, number];
    appender.appendBigInt(BigInt(INSTITUTIONS.findIndex(([code]) => code === person.institution) + 1));
    appender.appendVarchar(round);
    appender.appendVarchar(person.institution);
    appender.appendVarchar(person.kind === 'pupil' ? 'นักเรียน' : 'เด็กเล็ก');
    appender.appendInteger(row);
    appender.appendVarchar(person.id);
    appender.appendVarchar('national-id');
    appender.appendVarchar(person.sex === 'M' ? 'ด.ช.' : 'ด.ญ.');
    appender.appendVarchar(person.first);
    appender.appendVarchar(person.last);
    appender.appendVarchar(person.sex);
    appender.appendDate(dateValue({ year, month, day }));
    if (person.kind === 'pupil') {
      appender.appendVarchar('ป.1');
      appender.appendNull();
    } else {
      appender.appendInteger(4);
    }
    appender.appendVarchar('ไทย');
    appender.appendNull();
    appender.appendNull();
    appender.endRow();
  }
  pupils.closeSync();
  children.closeSync();
}

// ---------------------------------------------------------------- helpers on results

function clustersOf(clusters: readonly DedupCluster[], rule: DedupRule): DedupCluster[] {
  return clusters.filter((c) => c.rule === rule);
}

/** Each cluster as its sorted "institution:first last" members, for readable assertions. */
function memberNames(clusters: readonly DedupCluster[]): string[][] {
  return clusters
    .map((c) => c.members.map((m) => `${m.institutionCode}:${m.firstName.trim()}`).sort())
    .sort();
}

function pairWith(pairs: readonly DedupPair[], nationalId: string): DedupPair | undefined {
  return pairs.find((p) => p.a.nationalId === nationalId || p.b.nationalId === nationalId);
}

// ---------------------------------------------------------------- tests

describe('duplicate detection on a DuckDB file', () => {
  let dir: string;
  let db: Database;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sis-dedup-'));
    db = await openDatabase(path.join(dir, 'warehouse.duckdb'));
    await seedRegistry(db.connection);
  });

  afterEach(async () => {
    closeDatabase(db);
    await rm(dir, { recursive: true, force: true });
  });

  it('when one ID is in two institutions then same-id clusters it, school–school and school–CDC', async () => {
    await addPeople(db.connection, ALL);
    const summary = await runDedup(db.db, { roundId: ROUND, now: NOW });
    const result = await readDedupResult(db.db, ROUND);
    const pairs = await readDedupPairs(db.db, ROUND);

    expect(summary.rowsScanned).toBe(ALL.length);
    expect(memberNames(clustersOf(result.clusterList, 'same-id'))).toEqual([
      ['C50A:กัญญา', 'S50B:กัญญา'],
      ['S10A:อนุชา', 'S50A:อนุชา'],
    ]);
    expect(pairWith(pairs, X1)?.reasons).toEqual(['cross-province', 'school-school']);
    expect(pairWith(pairs, X2)?.reasons).toEqual(['same-province', 'school-cdc']);
  });

  it('when name, birth date and sex agree under different IDs then same-name-dob labels how the IDs differ', async () => {
    await addPeople(db.connection, ALL);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    const result = await readDedupResult(db.db, ROUND);
    const pairs = (await readDedupPairs(db.db, ROUND)).filter((p) => p.rule === 'same-name-dob');

    expect(memberNames(clustersOf(result.clusterList, 'same-name-dob'))).toEqual([
      ['C10A:อารีย์', 'C50A:อารีย์'],
      ['S10A:ด.ญ.  น\u0E49\u0E4D\u0E32\u200Bทิพย์', 'S50B:น้ำทิพย์'],
      ['S50A:กมล', 'S50B:กมล'],
    ]);
    expect(pairWith(pairs, O1)?.reasons).toContain('one-digit');
    expect(pairWith(pairs, T1)?.reasons).toContain('transposition');
    expect(pairWith(pairs, idOf(5))?.reasons).toContain('different-id');
    expect(pairWith(pairs, O1)?.reasons).not.toContain('different-id');
  });

  it('when twins share surname and birth date then no rule merges them', async () => {
    await addPeople(db.connection, ALL);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    const pairs = await readDedupPairs(db.db, ROUND);

    for (const n of [700, 701, 702, 703]) expect(pairWith(pairs, idOf(n))).toBeUndefined();
  });

  it('when names differ by a tone mark or the birth year slipped BE/CE then probable finds them, not unrelated names', async () => {
    await addPeople(db.connection, ALL);
    const summary = await runDedup(db.db, { roundId: ROUND, now: NOW });
    const result = await readDedupResult(db.db, ROUND);
    const pairs = (await readDedupPairs(db.db, ROUND)).filter((p) => p.rule === 'probable');

    expect(memberNames(clustersOf(result.clusterList, 'probable'))).toEqual([
      ['C50A:วรรณา', 'S50B:วรรณา'],
      ['S50A:ณัฐวุฒิ', 'S50B:ณัฐวุฒิ'],
    ]);
    const tone = pairWith(pairs, idOf(8));
    expect(tone?.reasons).toEqual([
      'different-id',
      'last-name-tone-or-vowel',
      'same-birth-date',
      'same-province',
      'school-school',
    ]);
    expect(tone?.score).toBeCloseTo(0.95, 5);
    const slip = pairWith(pairs, idOf(10));
    expect(slip?.reasons).toEqual(['be-ce-slip', 'different-id', 'same-province', 'school-cdc']);
    for (const n of [106, 107, 108, 109]) expect(pairWith(pairs, idOf(n))).toBeUndefined();
    expect(summary.byRule).toEqual({ sameId: 2, sameNameDob: 3, probable: 2 });
    expect(summary.pairsByRule).toEqual({ sameId: 2, sameNameDob: 3, probable: 2 });
  });

  it('when the threshold is raised then weaker probable pairs drop out', async () => {
    await addPeople(db.connection, ALL);
    const summary = await runDedup(db.db, { roundId: ROUND, now: NOW, threshold: 0.96 });

    expect(summary.byRule).toEqual({ sameId: 2, sameNameDob: 3, probable: 0 });
  });

  it('when results are read then the JSON has the agreed shape', async () => {
    await addPeople(db.connection, ALL);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    const result = await readDedupResult(db.db, ROUND);

    expect(Object.keys(result)).toEqual(['round', 'clusters', 'records', 'byRule', 'clusterList']);
    expect(result.round).toBe(ROUND);
    expect(result.clusters).toBe(7);
    expect(result.records).toBe(14);
    expect(result.byRule).toEqual({ sameId: 2, sameNameDob: 3, probable: 2 });
    const x2 = result.clusterList.find((c) => c.members[0]?.nationalId === X2);
    expect(x2).toEqual({
      clusterId: expect.stringMatching(/^[0-9a-f]{16}$/u),
      rule: 'same-id',
      score: 1,
      members: [
        {
          institutionCode: 'C50A',
          laoCode: 'L50A',
          provinceCode: '50',
          submissionId: 3,
          sheet: 'เด็กเล็ก',
          row: expect.any(Number),
          nationalId: X2,
          firstName: 'กัญญา',
          lastName: 'บุญมา',
          birthDate: '2020-12-01',
        },
        {
          institutionCode: 'S50B',
          laoCode: 'L50B',
          provinceCode: '50',
          submissionId: 2,
          sheet: 'นักเรียน',
          row: expect.any(Number),
          nationalId: X2,
          firstName: 'กัญญา',
          lastName: 'บุญมา',
          birthDate: '2020-12-01',
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('when the run repeats, or unrelated rows arrive, then cluster ids stay; a changed cluster gets a new id', async () => {
    await addPeople(db.connection, ALL);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    const before = await readDedupResult(db.db, ROUND);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    const again = await readDedupResult(db.db, ROUND);
    await addPeople(db.connection, [
      pupil('S10A', idOf(900), 'สุดา', 'ใจดี', 'F', '2012-02-02'),
      child('C10A', X2, 'กัญญา', 'บุญมา', 'F', '2020-12-01'),
    ]);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    const after = await readDedupResult(db.db, ROUND);

    const ids = (r: typeof before): string[] => r.clusterList.map((c) => c.clusterId).sort();
    expect(ids(again)).toEqual(ids(before));
    const x2Before = before.clusterList.find((c) => c.rule === 'same-id' && c.members[0]?.nationalId === X2);
    const x2After = after.clusterList.find((c) => c.rule === 'same-id' && c.members[0]?.nationalId === X2);
    expect(x2After?.members).toHaveLength(3);
    expect(x2After?.clusterId).not.toBe(x2Before?.clusterId);
    expect(ids(after).filter((id) => id !== x2After?.clusterId)).toEqual(
      ids(before).filter((id) => id !== x2Before?.clusterId),
    );
  });

  it('when an institution answers 201 then its record leaves the counts; an open cluster counts once in province totals', async () => {
    await addPeople(db.connection, ALL);
    const totalsBeforeRun = await readProvinceTotals(db.db, ROUND);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    const open = await readProvinceTotals(db.db, ROUND);
    const flagged = await readFlaggedInstitutions(db.db, ROUND);

    // Before any run nothing is collapsed: 5 rows in province 10, 22 in province 50.
    expect(totalsBeforeRun.map((t) => [t.provinceCode, t.total, t.collapsedDuplicates])).toEqual([
      ['10', 5, 0],
      ['50', 22, 0],
    ]);
    // Seven open two-record groups count once each, in the province of their lowest institution
    // code: X1 and D go to S10A, T to C10A (province 10); the other four stay in province 50.
    expect(open).toEqual([
      {
        provinceCode: '10',
        pupils: 3,
        children: 2,
        total: 5,
        collapsedDuplicates: 0,
        flaggedInstitutions: 2,
      },
      {
        provinceCode: '50',
        pupils: 10,
        children: 5,
        total: 15,
        collapsedDuplicates: 7,
        flaggedInstitutions: 3,
      },
    ]);
    expect(flagged.map((f) => f.institutionCode)).toEqual(['C10A', 'S10A', 'C50A', 'S50A', 'S50B']);

    const x1 = (await readDedupResult(db.db, ROUND)).clusterList.find((c) => c.members[0]?.nationalId === X1);
    await recordDecision(db.db, {
      roundId: ROUND,
      clusterId: x1?.clusterId ?? '',
      institutionCode: 'S10A',
      nationalId: X1,
      outcome: 201,
      note: 'ไม่พบตัว',
      decidedBy: 'clerk-s10a',
      decidedAt: NOW,
    });
    const resolved = await readProvinceTotals(db.db, ROUND);
    const x1Rows = await queryRows<{
      institution_code: string;
      counts_in_totals: boolean;
      unresolved_duplicate: boolean;
    }>(
      db.connection,
      'SELECT institution_code, counts_in_totals, unresolved_duplicate FROM counted_persons WHERE national_id = $1',
      [X1],
    );

    expect(x1Rows).toEqual([
      { institution_code: 'S50A', counts_in_totals: true, unresolved_duplicate: false },
    ]);
    // S10A's record is gone; X1 is now S50A's alone and counts in province 50.
    expect(resolved.map((t) => [t.provinceCode, t.total, t.collapsedDuplicates])).toEqual([
      ['10', 4, 0],
      ['50', 16, 6],
    ]);
  });

  it('when both institutions answer 100 then the child still counts once', async () => {
    await addPeople(db.connection, ALL);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    const x2 = (await readDedupResult(db.db, ROUND)).clusterList.find((c) => c.members[0]?.nationalId === X2);
    for (const institutionCode of ['S50B', 'C50A']) {
      await recordDecision(db.db, {
        roundId: ROUND,
        clusterId: x2?.clusterId ?? '',
        institutionCode,
        nationalId: X2,
        outcome: 100,
        decidedBy: `clerk-${institutionCode}`,
        decidedAt: NOW,
      });
    }
    const rows = await queryRows<{ n: bigint }>(
      db.connection,
      'SELECT count(*) FILTER (counts_in_totals) AS n FROM counted_persons WHERE national_id = $1',
      [X2],
    );

    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('when a decision names a record outside the cluster or 206 lacks a note then it is refused', async () => {
    await addPeople(db.connection, ALL);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    const x1 = (await readDedupResult(db.db, ROUND)).clusterList.find((c) => c.members[0]?.nationalId === X1);
    const base = { roundId: ROUND, clusterId: x1?.clusterId ?? '', decidedBy: 'clerk', decidedAt: NOW };

    await expect(
      recordDecision(db.db, { ...base, institutionCode: 'S50B', nationalId: X1, outcome: 201 }),
    ).rejects.toMatchObject({
      code: 'input/bad-argument',
    });
    await expect(
      recordDecision(db.db, { ...base, institutionCode: 'S50A', nationalId: X1, outcome: 206 }),
    ).rejects.toMatchObject({
      code: 'input/bad-argument',
    });
  });

  it('when a pair is marked different children then it is not raised again, this round or the next', async () => {
    await addPeople(db.connection, ALL);
    await runDedup(db.db, { roundId: ROUND, now: NOW });
    await markNotSame(db.db, {
      roundId: ROUND,
      a: { institutionCode: 'S50B', nationalId: idOf(5) },
      b: { institutionCode: 'S10A', nationalId: idOf(600) },
      note: 'คนละคน ตรวจทะเบียนบ้านแล้ว',
      markedBy: 'province-50',
      markedAt: NOW,
    });
    const summary = await runDedup(db.db, { roundId: ROUND, now: NOW });
    await addPeople(
      db.connection,
      SAME_NAME_DOB.slice(4).map((p) => ({ ...p, round: NEXT_ROUND })),
    );
    await runDedup(db.db, { roundId: NEXT_ROUND, now: NOW });

    expect(summary.byRule.sameNameDob).toBe(2);
    expect(pairWith(await readDedupPairs(db.db, ROUND), idOf(5))).toBeUndefined();
    expect((await readDedupResult(db.db, NEXT_ROUND)).clusters).toBe(0);
  });

  it('when one probable block holds more rows than the limit then it is counted as oversized; a block at the limit is not', async () => {
    const letters = [...'กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮ'];
    // Distinct names whose surnames share their initial (one block by surname); first names
    // start with every letter in turn, so no block by first name reaches the limit.
    const crowd = (n: number, first: number): Person[] =>
      Array.from({ length: n }, (_, i) =>
        pupil(
          'S50A',
          idOf(first + i),
          `${letters[i % letters.length]}${letters[Math.floor(i / letters.length) % letters.length]}า`,
          `ส${letters[i % letters.length]}${letters[Math.floor(i / letters.length) % letters.length]}ิน`,
          'F',
          '2015-01-01',
        ),
      );
    await addPeople(db.connection, crowd(MAX_BLOCK_ROWS + 1, 1000));
    const over = await runDedup(db.db, { roundId: ROUND, now: NOW });
    expect(over.oversizedBlocks).toBe(1);
    await db.connection.run('DELETE FROM pupils WHERE national_id = $1', [idOf(1000)]);
    const at = await runDedup(db.db, { roundId: ROUND, now: NOW });
    expect(at.rowsScanned).toBe(MAX_BLOCK_ROWS);
    expect(at.oversizedBlocks).toBe(0);
  });

  it('when a run fails midway or before commit then the previous results remain', async () => {
    await addPeople(db.connection, ALL);
    const first = await runDedup(db.db, { roundId: ROUND, now: NOW });
    const before = await readDedupResult(db.db, ROUND);
    await addPeople(db.connection, [child('C10A', X1, 'อนุชา', 'ทองคำ', 'M', '2012-05-20')]);

    for (const failAt of ['pairs', 'before-commit'] as const) {
      const run = runDedup(db.db, {
        roundId: ROUND,
        now: NOW,
        hooks: {
          afterStage: (stage) => {
            if (stage === failAt) throw new Error(`interrupted at ${stage}`);
          },
        },
      });
      await expect(run).rejects.toThrow(`interrupted at ${failAt}`);
      expect(await readDedupResult(db.db, ROUND)).toEqual(before);
    }
    const runs = await queryRows<{ run_id: bigint; status: string; error: string | null }>(
      db.connection,
      'SELECT run_id, status, error FROM dedup_runs ORDER BY run_id',
    );
    const recovered = await runDedup(db.db, { roundId: ROUND, now: NOW });

    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed', 'failed']);
    expect(Number(runs[0]?.run_id)).toBe(first.runId);
    expect(recovered.flaggedRecords).toBe(before.records + 1);
  });
});
