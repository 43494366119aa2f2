import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, readLimits } from '../../pipeline/config.ts';
import { parseSubmission, type ParsedSubmission } from '../../pipeline/ingest/parse-submission.ts';
import { isFileLevel } from '../../pipeline/issues/issue.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import type { Truth, TruthFile } from '../../synthetic/truth.ts';
import { generateTempDataset, issueKey, unplantedIssues } from '../support/generated-dataset.ts';

/** Small enough to stay fast, large enough for every layout variant and problem kind to show up. */
const SCALE = 0.5;

interface ParsedFile {
  readonly truth: TruthFile;
  readonly parsed: ParsedSubmission;
}

describe('every generated file of province 42 through parseSubmission', () => {
  let root: string;
  let truth: Truth;
  let files: ParsedFile[];

  beforeAll(async () => {
    const reference = await loadReference(SHIPPED_REFERENCE_DIR);
    const config = parseConfig({}, SHIPPED_REFERENCE_DIR);
    const limits = readLimits(config);
    ({ root, truth } = await generateTempDataset(reference, { provinces: ['42'], scale: SCALE, seed: 1 }));
    files = [];
    for (const file of truth.files) {
      const bytes = await readFile(path.join(root, file.file));
      files.push({
        truth: file,
        parsed: parseSubmission(bytes, path.basename(file.file), { reference, limits }),
      });
    }
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('when the data set is generated then it holds enough files and problems to mean something', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
    expect(new Set(files.map((f) => f.truth.template))).toEqual(
      new Set(['sis-students', 'ccis-children', 'other-schools']),
    );
    expect(new Set(files.map((f) => f.truth.format))).toEqual(new Set(['xlsx', 'xls', 'csv']));
    expect(truth.problems.length).toBeGreaterThanOrEqual(30);
  });

  it('when a generated file is parsed then its template is the one it was made from', () => {
    expect(files.map((f) => ({ file: f.truth.file, template: f.parsed.template?.id ?? null }))).toEqual(
      files.map((f) => ({ file: f.truth.file, template: f.truth.template })),
    );
  });

  it('when a generated file is parsed then its metadata names its subject and the round', () => {
    expect(
      files.map((f) => ({
        file: f.truth.file,
        subject: f.parsed.meta.subjectCode,
        round: f.parsed.meta.roundId,
      })),
    ).toEqual(files.map((f) => ({ file: f.truth.file, subject: f.truth.subjectCode, round: truth.round })));
  });

  it('when a generated file is parsed then no file-level issue is reported and the file is not rejected', () => {
    const fileLevel = files.flatMap((f) =>
      f.parsed.issues.filter(isFileLevel).map((i) => issueKey(f.truth.file, i.sheet, i.cell, i.code)),
    );
    expect(fileLevel).toEqual([]);
    expect(files.filter((f) => f.parsed.status === 'rejected').map((f) => f.truth.file)).toEqual([]);
  });

  it('when a generated file has an added column then column/extra names it, and no other file has column issues', () => {
    const columnIssues = (f: ParsedFile) =>
      f.parsed.issues
        .filter((i) => i.code === 'file/column-missing' || i.code.startsWith('column/'))
        .map((i) => `${i.code} ${i.column ?? ''}`);
    expect(files.map((f) => ({ file: f.truth.file, issues: columnIssues(f) }))).toEqual(
      files.map((f) => ({
        file: f.truth.file,
        issues: f.truth.layout.extraColumn === null ? [] : [`column/extra ${f.truth.layout.extraColumn}`],
      })),
    );
    expect(files.some((f) => f.truth.layout.extraColumn !== null)).toBe(true);
  });

  it('when the truth plants a problem then the parser reports its code at that file, sheet and cell', () => {
    const reported = new Set(
      files.flatMap((f) => f.parsed.issues.map((i) => issueKey(f.truth.file, i.sheet, i.cell, i.code))),
    );
    const missed = truth.problems
      .map((p) => issueKey(p.file, p.sheet, p.cell, p.code))
      .filter((key) => !reported.has(key));
    expect(missed).toEqual([]);
  });

  it('when the parser reports an error then the truth planted it there (no invented errors)', () => {
    const planted = new Set(truth.problems.map((p) => issueKey(p.file, p.sheet, p.cell, p.code)));
    const invented = files.flatMap((f) =>
      f.parsed.issues
        .filter((i) => i.severity === 'error')
        .map((i) => issueKey(f.truth.file, i.sheet, i.cell, i.code))
        .filter((key) => !planted.has(key)),
    );
    expect(invented).toEqual([]);
  });

  it("when the parser reports anything the truth did not plant then it is a documented warning of that file's layout", () => {
    const found = files.flatMap((f) => f.parsed.issues.map((i) => ({ ...i, file: f.truth.file })));
    expect(found.length).toBeGreaterThan(truth.problems.length);
    expect(unplantedIssues(truth, found)).toEqual([]);
  });

  it('when a roster is parsed then its rows add up: accepted plus rejected equals the rows written', () => {
    expect(
      files.map((f) => ({
        file: f.truth.file,
        total: f.parsed.rowsTotal,
        sum: f.parsed.rowsAccepted + f.parsed.rowsRejected,
      })),
    ).toEqual(files.map((f) => ({ file: f.truth.file, total: f.truth.rows, sum: f.truth.rows })));
  });
});
