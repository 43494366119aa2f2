import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { ISSUE_CODES } from '../../pipeline/issues/codes.ts';
import { STAMP_SHEET } from '../../templates/definitions.ts';
import { REGISTRY_INSTITUTIONS, REGISTRY_LAOS, REGISTRY_TABLES } from '../../templates/registry.ts';
import type { Truth, TruthFile } from '../../synthetic/truth.ts';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

type Value = string | number | boolean | null;

/** Runs the real CLI and returns its --json summary. */
async function generate(out: string, seed: number): Promise<Record<string, unknown>> {
  const args = [
    path.join(ROOT, 'bin', 'sis.js'),
    'generate',
    '--out',
    out,
    '--provinces',
    '42',
    '--seed',
    String(seed),
    '--json',
  ];
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 4 * 1024 * 1024 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

async function hashTree(root: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = path.join(entry.parentPath, entry.name);
    hashes.set(
      path.relative(root, full),
      createHash('sha256')
        .update(await readFile(full))
        .digest('hex'),
    );
  }
  return hashes;
}

/** A file's sheets as rows of plain values (row 1 at index 0), read with SheetJS or, for CSV, papaparse. */
async function openFile(
  root: string,
  file: TruthFile,
): Promise<{ sheets: Map<string, Value[][]>; hidden: Set<string> }> {
  const bytes = await readFile(path.join(root, file.file));
  if (file.format === 'csv') {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const text = bom ? bytes.subarray(3).toString('utf8') : new TextDecoder('windows-874').decode(bytes);
    const rows = Papa.parse<string[]>(text.replace(/\r\n$/u, ''), { header: false }).data.map((r) =>
      r.map((c) => (c === '' ? null : c)),
    );
    const name = path.basename(file.file, '.csv');
    return { sheets: new Map([[name, rows]]), hidden: new Set() };
  }
  const book = XLSX.read(bytes);
  const sheets = new Map<string, Value[][]>();
  for (const name of book.SheetNames) {
    sheets.set(
      name,
      XLSX.utils.sheet_to_json<Value[]>(book.Sheets[name]!, {
        header: 1,
        raw: true,
        blankrows: true,
        defval: null,
      }),
    );
  }
  const hidden = new Set(book.SheetNames.filter((_, i) => book.Workbook?.Sheets?.[i]?.Hidden));
  return { sheets, hidden };
}

function isBlankRow(row: readonly Value[] | undefined): boolean {
  return !row || row.every((c) => c === null || c === '');
}

function columnIndex(cell: string): number {
  const letters = /^[A-Z]+/u.exec(cell)![0];
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

/** An ID cell as the generator wrote it, back to 13 digits (Thai digits, dashes, lost leading zero). */
function idOf(value: Value): string {
  if (typeof value === 'number') return String(value).padStart(13, '0');
  return String(value)
    .replace(/[\u0E50-\u0E59]/gu, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/-/gu, '');
}

describe('sis generate --provinces 42', () => {
  let tmp: string;
  let truth: Truth;
  let summary: Record<string, unknown>;
  let hashesA: Map<string, string>;
  let hashesB: Map<string, string>;
  let hashesOtherSeed: Map<string, string>;
  const opened = new Map<string, Awaited<ReturnType<typeof openFile>>>();
  const dirA = () => path.join(tmp, 'a');

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'sis-generate-'));
    const [a] = await Promise.all([
      generate(path.join(tmp, 'a'), 1),
      generate(path.join(tmp, 'b'), 1),
      generate(path.join(tmp, 'c'), 2),
    ]);
    summary = a;
    hashesA = await hashTree(path.join(tmp, 'a'));
    hashesB = await hashTree(path.join(tmp, 'b'));
    hashesOtherSeed = await hashTree(path.join(tmp, 'c'));
    truth = JSON.parse(await readFile(path.join(dirA(), 'truth.json'), 'utf8')) as Truth;
    for (const file of truth.files) opened.set(file.file, await openFile(dirA(), file));
  }, 180_000);

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('when run twice with one seed, then registry.xlsx, truth.json and every file are byte-identical', () => {
    expect(hashesA.get('registry.xlsx')).toBeDefined();
    expect(hashesB.get('registry.xlsx')).toBe(hashesA.get('registry.xlsx'));
    expect(hashesB.get('truth.json')).toBe(hashesA.get('truth.json'));
    expect([...hashesB.entries()].sort()).toEqual([...hashesA.entries()].sort());
  });

  it('when the seed differs, then the data differ', () => {
    expect(hashesOtherSeed.get('truth.json')).not.toBe(hashesA.get('truth.json'));
    expect(hashesOtherSeed.get('registry.xlsx')).not.toBe(hashesA.get('registry.xlsx'));
  });

  it('when --json is given, then the summary agrees with truth.json and the files on disk', () => {
    expect(summary).toMatchObject({ seed: 1, scale: 1, round: '2569-2', provinceCodes: ['42'] });
    expect(summary.files).toBe(truth.files.length);
    expect(summary.problems).toBe(truth.problems.length);
    expect(summary.duplicateGroups).toBe(truth.duplicates.length);
    const onDisk = [...hashesA.keys()]
      .filter((f) => f.startsWith('files'))
      .map((f) => f.split(path.sep).join('/'));
    expect(onDisk.sort()).toEqual(truth.files.map((f) => f.file).sort());
    expect(truth).toMatchObject({ version: 1, seed: 1, provinces: ['42'], scale: 1, round: '2569-2' });
  });

  it('then the data set has every template, format and planted kind', () => {
    expect(new Set(truth.files.map((f) => f.template))).toEqual(
      new Set(['sis-students', 'ccis-children', 'other-schools']),
    );
    expect(new Set(truth.files.map((f) => f.format))).toEqual(new Set(['xlsx', 'xls', 'csv']));
    expect(new Set(truth.problems.map((p) => p.code))).toEqual(
      new Set([
        'cell/national-id-checksum',
        'cell/national-id-format',
        'cell/date-unparseable',
        'cell/date-future',
        'row/age-grade-impossible',
        'row/age-grade-mismatch',
        'row/prefix-sex-conflict',
        'cell/grade-unknown',
        'row/duplicate-id',
        'cell/count-invalid',
      ]),
    );
    expect(new Set(truth.duplicates.map((d) => d.rule))).toEqual(
      new Set(['same-id', 'same-name-dob', 'probable', 'near-miss']),
    );
  });

  it('when a file is opened with SheetJS, then its roster has the header and the number of rows truth.json gives', () => {
    for (const file of truth.files) {
      const { sheets, hidden } = opened.get(file.file)!;
      const rows = sheets.get(
        file.format === 'csv' ? path.basename(file.file, '.csv') : file.layout.rosterSheet,
      );
      expect(rows, file.file).toBeDefined();
      expect(rows![file.layout.headerRow - 1], file.file).toEqual(file.layout.headers);
      const data = rows!.slice(file.layout.headerRow).filter((row) => !isBlankRow(row));
      expect(data.length, file.file).toBe(file.rows);
      expect(sheets.has(STAMP_SHEET), file.file).toBe(file.layout.stamp);
      if (file.layout.stamp) expect(hidden.has(STAMP_SHEET), file.file).toBe(true);
    }
  });

  it('when a problem is planted, then the cell truth.json names holds the planted value', () => {
    expect(truth.problems.length).toBeGreaterThan(100);
    for (const problem of truth.problems) {
      const file = truth.files.find((f) => f.file === problem.file)!;
      const rows = opened.get(problem.file)!.sheets.get(problem.sheet);
      expect(rows, `${problem.file} ${problem.sheet}`).toBeDefined();
      const cell = rows![problem.row - 1]?.[columnIndex(problem.cell)] ?? null;
      const where = `${problem.file}!${problem.cell} ${problem.code}`;
      if (file.format === 'csv')
        expect(cell, where).toBe(problem.value === null ? null : String(problem.value));
      else expect(cell, where).toBe(problem.value);
      expect(file.layout.columns[columnIndex(problem.cell)], where).toBe(problem.field);
    }
  });

  it('when a duplicate group is planted, then each member row holds its ID and names', () => {
    for (const group of truth.duplicates) {
      expect(group.members.length).toBe(2);
      for (const member of group.members) {
        const file = truth.files.find((f) => f.file === member.file)!;
        const row = opened.get(member.file)!.sheets.get(member.sheet)![member.row - 1]!;
        const at = (key: string) => row[file.layout.columns.indexOf(key)] ?? null;
        const where = `${group.rule}/${group.variant} ${member.file} row ${member.row}`;
        expect(idOf(at('national_id')), where).toBe(member.nationalId);
        expect(String(at('first_name')), where).toContain(member.firstName);
        expect(at('last_name'), where).toBe(member.lastName);
        expect(file.subjectCode).toBe(member.institutionCode);
      }
    }
    const sameId = truth.duplicates.filter((d) => d.rule === 'same-id');
    expect(sameId.every((d) => d.members[0]!.nationalId === d.members[1]!.nationalId)).toBe(true);
    const others = truth.duplicates.filter((d) => d.rule !== 'same-id');
    expect(others.every((d) => d.members[0]!.nationalId !== d.members[1]!.nationalId)).toBe(true);
  });

  it('then the expected counts are the rows a correct pipeline keeps', () => {
    for (const file of truth.files.filter((f) => f.template !== 'other-schools')) {
      const rejected = truth.problems.filter(
        (p) => p.file === file.file && ISSUE_CODES[p.code].level !== 'warning',
      ).length;
      const groups = Object.values(truth.expected.institutions[file.subjectCode] ?? {});
      const counted = groups.reduce((n, c) => n + c.M + c.F, 0);
      expect(counted, file.file).toBe(file.rows - rejected);
    }
    const cdcGroups = new Set(
      truth.files
        .filter((f) => f.template === 'ccis-children')
        .flatMap((f) => Object.keys(truth.expected.institutions[f.subjectCode] ?? {})),
    );
    expect([...cdcGroups].every((g) => ['2', '3', '4', '5'].includes(g))).toBe(true);
    for (const file of truth.files.filter((f) => f.template === 'other-schools')) {
      expect(truth.expected.otherSchools[file.subjectCode], file.file).toBeDefined();
    }
  });

  it('then registry.xlsx has the three registry sheets, Thai headers, codes as text and every file subject', async () => {
    const book = XLSX.read(await readFile(path.join(dirA(), 'registry.xlsx')));
    expect(book.SheetNames).toEqual(REGISTRY_TABLES.map((t) => t.sheet));
    for (const table of REGISTRY_TABLES) {
      const rows = XLSX.utils.sheet_to_json<Value[]>(book.Sheets[table.sheet]!, { header: 1, raw: true });
      expect(rows[0]).toEqual(table.columns.map((c) => c.th));
    }
    const codes = (sheet: string) => {
      const ws = book.Sheets[sheet]!;
      const range = XLSX.utils.decode_range(ws['!ref']!);
      const out = new Map<string, string>();
      for (let r = 1; r <= range.e.r; r++) {
        const cell = ws[XLSX.utils.encode_cell({ r, c: 0 })] as XLSX.CellObject;
        out.set(String(cell.v), cell.t);
      }
      return out;
    };
    const laos = codes(REGISTRY_LAOS.sheet);
    const institutions = codes(REGISTRY_INSTITUTIONS.sheet);
    expect(new Set([...laos.values(), ...institutions.values()])).toEqual(new Set(['s']));
    for (const file of truth.files) {
      expect((file.template === 'other-schools' ? laos : institutions).has(file.subjectCode), file.file).toBe(
        true,
      );
    }
    const paos = XLSX.utils
      .sheet_to_json<Value[]>(book.Sheets[REGISTRY_LAOS.sheet]!, { header: 1 })
      .filter((r) => r[2] === 'อบจ.');
    expect(paos).toHaveLength(1);
  });
});
