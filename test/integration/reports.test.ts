import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { createKysely } from '../../pipeline/db/kysely-duckdb.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { findRound } from '../../pipeline/reference/reference.ts';
import { compileReports, reportJson, type AnyReport } from '../../pipeline/reports/compile-reports.ts';
import { REPORT_FORMS, type ReportForm } from '../../pipeline/reports/report-types.ts';
import { reportSheet } from '../../pipeline/reports/report-sheet.ts';
import { writeReportXlsx } from '../../pipeline/reports/write-report-xlsx.ts';
import { putBlob } from '../../pipeline/storage/blob-store.ts';
import type { GroupCounts, Truth } from '../../synthetic/truth.ts';
import { sendFiles } from '../../workers/send-files.ts';
import type { RegistryPayload } from '../../workers/processors/registry.ts';
import { generateTempDataset, type GeneratedDataset } from '../support/generated-dataset.ts';
import { deleteQueueKeys, startHarness, type Harness } from '../support/pipeline-harness.ts';
import { runSis } from '../support/run-sis.ts';
import { createApp } from '../../dashboard/app.ts';
import { queueIntakePort } from '../../bin/intake-port.ts';
import { childPreviewer } from '../../bin/preview-child.ts';
import { silentLogger } from '../../workers/logger.ts';
import { testAppAuth } from '../support/http-server.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AddressInfo } from 'node:net';
import { readRegistryTruth, type RegistryTruth } from '../support/registry-truth.ts';
import { openXlsxParts } from '../helpers/xlsx-xml.ts';

const PROVINCE = '42';
const DATASET = { provinces: [PROVINCE], scale: 0.3, seed: 11 } as const;
const WAIT_MS = 120_000;

type Sex = { male: number; female: number; total: number };
const sexOf = (c: { M: number; F: number }): Sex => ({ male: c.M, female: c.F, total: c.M + c.F });
const zero = (): Sex => ({ male: 0, female: 0, total: 0 });
const add = (a: Sex, b: Sex) => {
  a.male += b.male;
  a.female += b.female;
  a.total += b.total;
};

describe('report forms compiled from a generated province, compared with truth.json', () => {
  let h: Harness;
  let data: GeneratedDataset;
  let truth: Truth;
  let registry: RegistryTruth;
  let db: Kysely<Warehouse>;
  let connection: DuckDBConnection;
  let loaderClosed = false;
  const levelOf = new Map<string, string>();
  const compile = async (form: ReportForm, province = PROVINCE, round?: string) =>
    (
      await compileReports(db, h.reference, {
        roundId: round ?? truth.round,
        province,
        forms: [form],
        generatedAt: new Date('2026-11-20T00:00:00Z'),
      })
    )[0]!;
  const compileAs = async <F extends ReportForm>(form: F) =>
    (await compile(form)) as Extract<AnyReport, { form: F }>;

  beforeAll(async () => {
    h = await startHarness();
    data = await generateTempDataset(h.reference, DATASET);
    truth = data.truth;
    const key: Record<string, string> = {
      kindergarten: 'kindergarten',
      primary: 'primary',
      'lower-secondary': 'lowerSecondary',
      'upper-secondary': 'upperSecondary',
      vocational: 'vocational',
    };
    for (const g of h.reference.grades) levelOf.set(g.code, key[g.level]!);
    const deps = { queues: h.loader.queues, paths: runtimePaths(h.config) };
    const registryFile = path.join(data.root, 'registry.xlsx');
    registry = await readRegistryTruth(registryFile, h.reference);
    const payload: RegistryPayload = {
      files: [
        {
          sha256: await putBlob(deps.paths.uploads, await readFile(registryFile)),
          fileName: 'registry.xlsx',
        },
      ],
      allowPartial: false,
    };
    const job = await h.loader.queues.load.add('registry', payload, { attempts: 1 });
    await job.waitUntilFinished(h.loader.queues.loadEvents, WAIT_MS);
    const round = findRound(h.reference, truth.round)!;
    await sendFiles(
      deps,
      truth.files.map((f) => path.join(data.root, f.file)),
      { uploadedBy: 'test', asOf: new Date(`${round.reference_date}T12:00:00+07:00`), options: {} },
      { timeoutMs: WAIT_MS },
    );
    connection = await h.loader.database.instance.connect();
    db = createKysely<Warehouse>(connection);
  });
  afterAll(async () => {
    if (loaderClosed) {
      await deleteQueueKeys(h.config.redisUrl, h.config.queuePrefix);
      await rm(h.config.dataDir, { recursive: true, force: true });
    } else await h?.close();
    if (data) await rm(data.root, { recursive: true, force: true });
  });

  /** Truth per institution of a kind, folded by `groupKey`. */
  function truthBy(kind: 'school' | 'cdc', groupKey: (group: string) => string) {
    const out = new Map<string, Record<string, Sex>>();
    for (const [code, inst] of registry.institutions) {
      if (inst.kind !== kind || registry.laos.get(inst.lao)?.province !== PROVINCE) continue;
      const counts: GroupCounts = truth.expected.institutions[code] ?? {};
      if (!inst.open && Object.keys(counts).length === 0) continue;
      const folded: Record<string, Sex> = { total: zero() };
      for (const [group, c] of Object.entries(counts)) {
        const k = groupKey(group);
        folded[k] ??= zero();
        add(folded[k], sexOf(c));
        add(folded.total!, sexOf(c));
      }
      out.set(code, folded);
    }
    return out;
  }
  const nonZero = (groups: Record<string, Sex>) =>
    Object.fromEntries(Object.entries(groups).filter(([k, c]) => k === 'total' || c.total > 0));

  it('when form 2 is compiled then every school has its pupils per level and sex as in the truth', async () => {
    const { report } = await compileAs('form2');
    const expected = truthBy('school', (g) => levelOf.get(g)!);
    const actual = new Map(report.rows.map((r) => [r.institutionCode, nonZero(r.pupils)]));
    expect(expected.size).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
    const total = zero();
    for (const groups of expected.values()) add(total, groups.total!);
    expect(report.totals.pupils.total).toEqual(total);
    expect(report.totals.schools).toBe(expected.size);
  });

  it('when form 2 is compiled then the schools that sent nothing are the truth’s non-submitters', async () => {
    const { report } = await compileAs('form2');
    const notSent = truth.notSubmitted.filter((c) => registry.institutions.get(c)?.kind === 'school').sort();
    expect(
      report.rows
        .filter((r) => !r.submitted)
        .map((r) => r.institutionCode)
        .sort(),
    ).toEqual(notSent);
    expect(report.header.notSubmitted).toBe(notSent.length);
    expect(report.rows.every((r) => r.submitted || (r.teachers === null && r.pupils.total.total === 0))).toBe(
      true,
    );
  });

  it('when form 5 is compiled then every CDC has its children per age group and sex as in the truth', async () => {
    const { report } = await compileAs('form5');
    const expected = truthBy('cdc', (g) => `age${Math.min(5, Math.max(2, Number(g)))}`);
    const actual = new Map(report.rows.map((r) => [r.institutionCode, nonZero(r.children)]));
    expect(expected.size).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
    const notSent = truth.notSubmitted.filter((c) => registry.institutions.get(c)?.kind === 'cdc').sort();
    expect(
      report.rows
        .filter((r) => !r.submitted)
        .map((r) => r.institutionCode)
        .sort(),
    ).toEqual(notSent);
    const open = [...registry.institutions.values()].filter(
      (i) => i.kind === 'cdc' && i.open && registry.laos.get(i.lao)?.province === PROVINCE,
    );
    expect(report.totals.centresRegistered).toBe(open.length);
  });

  it('when form 4 is compiled then pupils per LAO, grade and sex and schools known equal the truth', async () => {
    const { report } = await compileAs('form4');
    const gradeKey: Record<string, string> = { 'อ.1': 'k1', 'อ.2': 'k2', 'อ.3': 'k3' };
    for (let n = 1; n <= 6; n += 1) gradeKey[`ป.${n}`] = `p${n}`;
    const expected = new Map<string, Record<string, Sex>>();
    for (const [lao, groups] of Object.entries(truth.expected.otherSchools)) {
      const folded: Record<string, Sex> = { total: zero() };
      for (const [grade, c] of Object.entries(groups)) {
        if (c.M + c.F === 0) continue;
        folded[gradeKey[grade]!] = sexOf(c);
        add(folded.total!, sexOf(c));
      }
      expected.set(lao, folded);
    }
    const actual = new Map(report.rows.filter((r) => r.submitted).map((r) => [r.laoCode, nonZero(r.pupils)]));
    expect(actual).toEqual(expected);
    for (const row of report.rows) {
      expect(row.schoolsKnown).toBe(registry.otherSchools.get(row.laoCode) ?? 0);
      expect(row.lunchEligible).toBe(row.pupils.total!.total);
    }
    const files = truth.files.filter((f) => f.template === 'other-schools');
    const clean = files.filter((f) => !truth.problems.some((p) => p.file === f.file));
    expect(clean.length).toBeGreaterThan(0);
    for (const f of clean)
      expect(report.rows.find((r) => r.laoCode === f.subjectCode)?.schoolsRecorded).toBe(f.rows);
  });

  it('when form 3 is compiled then LAOs per type and what they run equal the registry', async () => {
    const { report } = await compileAs('form3');
    const expected: Record<string, number[]> = {};
    for (const [code, lao] of registry.laos) {
      if (lao.province !== PROVINCE) continue;
      const own = [...registry.institutions.values()].filter((i) => i.lao === code && i.open);
      const schools = own.filter((i) => i.kind === 'school').length;
      const cdcs = own.length - schools;
      const row = (expected[lao.type] ??= [0, 0, 0, 0, 0, 0, 0]);
      row[0]! += 1;
      row[schools && cdcs ? 3 : schools ? 1 : cdcs ? 2 : 4]! += 1;
      row[5]! += schools;
      row[6]! += cdcs;
    }
    const actual = Object.fromEntries(
      report.rows
        .filter((r) => r.laos > 0)
        .map((r) => [
          r.laoType,
          [r.laos, r.runSchools, r.runCdcs, r.runBoth, r.runNeither, r.schools, r.cdcs],
        ]),
    );
    expect(actual).toEqual(expected);
  });

  it('when the subsidy is estimated then headcounts and baht follow the truth and the fiscal year’s rates', async () => {
    const { report } = await compileAs('subsidy');
    expect(report.extra.fiscalYear).toBe(2570);
    const eligible = new Set(h.reference.grades.filter((g) => g.lunch_milk).map((g) => g.code));
    let lunchBaht = 0;
    let headcount = 0;
    const tier = (enrolment: number) =>
      enrolment <= 40 ? 36 : enrolment <= 100 ? 27 : enrolment <= 120 ? 24 : 22;
    for (const [code, inst] of registry.institutions) {
      if (registry.laos.get(inst.lao)?.province !== PROVINCE) continue;
      const groups = Object.entries(truth.expected.institutions[code] ?? {});
      const enrolment = groups.reduce((s, [, c]) => s + c.M + c.F, 0);
      const n = groups
        .filter(([g]) => inst.kind === 'cdc' || eligible.has(g))
        .reduce((s, [, c]) => s + c.M + c.F, 0);
      headcount += n;
      lunchBaht += n * tier(enrolment) * (inst.kind === 'cdc' ? 245 : 200);
    }
    for (const groups of Object.values(truth.expected.otherSchools)) {
      for (const c of Object.values(groups)) headcount += c.M + c.F;
    }
    const own = report.rows.filter((r) => r.kind !== 'other-school');
    expect(own.reduce((s, r) => s + r.lunchBaht, 0)).toBe(lunchBaht);
    expect(report.totals.lunchHeadcount).toBe(headcount);
    expect(report.totals.milkBaht).toBeCloseTo(headcount * 6.89 * 260, 2);
    expect(report.extra.pendingClusters).toBe(0);
  });

  it('when duplicate detection has left clusters unresolved then totals count each child once and rows count all', async () => {
    const before = (await compileAs('form2')).report;
    const job = await h.loader.queues.load.add('dedup', { roundId: truth.round }, { attempts: 1 });
    await job.waitUntilFinished(h.loader.queues.loadEvents, WAIT_MS);
    const after = (await compileAs('form2')).report;
    const subsidy = (await compileAs('subsidy')).report;
    const extra = after.rows.reduce((s, r) => s + r.pupils.total.total, 0) - after.totals.pupils.total.total;
    expect(after.rows.map((r) => r.pupils)).toEqual(before.rows.map((r) => r.pupils));
    expect(subsidy.extra.pendingClusters).toBeGreaterThan(0);
    expect(extra).toBeGreaterThan(0);
    expect(after.totals.pupils.total.total).toBe(before.totals.pupils.total.total - extra);
  });

  it('when a province has no data then each form is empty but well formed', async () => {
    for (const form of REPORT_FORMS) {
      const json = reportJson(await compile(form, '81'));
      expect(json).toMatchObject({ form, province: '81', round: truth.round });
      expect(json.header).toMatchObject({ cutOff: null, notSubmitted: 0 });
      if (form !== 'form3') expect(json.rows).toEqual([]);
      const bytes = await writeReportXlsx(reportSheet(await compile(form, '81')));
      expect(bytes.length).toBeGreaterThan(0);
    }
  });

  it('when a round does not exist then compiling names it', async () => {
    await expect(compile('form2', PROVINCE, '2501-1')).rejects.toThrow(/round 2501-1/u);
  });

  it('when a form is written as .xlsx then SheetJS reads the same totals and the page is A4 landscape with print titles', async () => {
    for (const form of REPORT_FORMS) {
      const compiled = await compile(form);
      const sheet = reportSheet(compiled);
      const bytes = await writeReportXlsx(sheet);
      const book = XLSX.read(bytes, { type: 'buffer', dense: true });
      const grid = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[form]!, {
        header: 1,
        raw: true,
        defval: null,
      });
      const last = grid.at(-1)!;
      expect(last[0]).toBe('รวมทั้งจังหวัด');
      expect(last.slice(1).map((v) => (v === '-' ? null : v))).toEqual(sheet.rows.at(-1)!.cells.slice(1));
      const json = reportJson(compiled) as { totals: Record<string, unknown> };
      if (form === 'form2') expect(last[21]).toBe((json.totals.pupils as { total: Sex }).total.male);
      if (form === 'subsidy') expect(last.at(-1)).toBe(json.totals.totalBaht);
      const names = book.Workbook?.Names ?? [];
      const top = sheet.headerLines.length + 2;
      expect(names.find((n) => n.Name === '_xlnm.Print_Titles')?.Ref).toBe(`'${form}'!$${top}:$${top + 1}`);
      const xml = openXlsxParts(bytes).sheetXml(form);
      expect(xml).toMatch(/<pageSetup[^>]*paperSize="9"/u);
      expect(xml).toMatch(/<pageSetup[^>]*orientation="landscape"/u);
    }
  });

  it('when the dashboard is asked for a form then JSON, HTML and .xlsx carry the same totals', async () => {
    const accounts = testAppAuth(h.loader, h.config, h.reference);
    const app = await createApp({
      db,
      reference: h.reference,
      intake: queueIntakePort({
        queues: h.loader.queues,
        paths: runtimePaths(h.config),
        previewRoster: childPreviewer(h.config, silentLogger),
      }),
      maxUploadBytes: 1_000_000,
      uploadTempDir: runtimePaths(h.config).incoming,
      maxConcurrentUploads: 4,
      now: () => new Date(),
      log: silentLogger,
      auth: accounts.auth,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const own = await accounts.token('office', 'province', PROVINCE);
    const other = await accounts.token('elsewhere', 'province', '10');
    const as =
      (token: string) =>
      (input: string): Promise<Response> =>
        globalThis.fetch(input, { headers: { authorization: `Bearer ${token}` } });
    const fetch = as(own);
    try {
      // A province's forms are its own office's: another province's account gets 403.
      expect(
        (await as(other)(`${url}/api/reports/form2?province=${PROVINCE}&round=${truth.round}`)).status,
      ).toBe(403);
      expect((await globalThis.fetch(`${url}/api/reports/form2?province=${PROVINCE}`)).status).toBe(401);
      const query = `province=${PROVINCE}&round=${truth.round}`;
      const json = (await (await fetch(`${url}/api/reports/form2?${query}`)).json()) as {
        totals: { pupils: { total: Sex } };
        rows: Array<{ institutionCode: string; submitted: boolean }>;
      };
      const total = json.totals.pupils.total.total;
      expect(typeof total).toBe('number');
      expect(json.rows.every((r) => typeof r.submitted === 'boolean' && r.institutionCode !== '')).toBe(true);
      const page = await fetch(`${url}/reports/form2?${query}`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/u);
      const html = await page.text();
      expect(html).toContain('@page { size: A4 landscape');
      expect(html).toContain(`<td class="num">${total.toLocaleString('en-US')}</td>`);
      const xlsx = await fetch(`${url}/reports/form2?${query}&format=xlsx`);
      const book = XLSX.read(Buffer.from(await xlsx.arrayBuffer()), { type: 'buffer' });
      const grid = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.form2!, { header: 1, raw: true });
      expect(grid.at(-1)?.[23]).toBe(total);
      expect((await fetch(`${url}/api/reports/form2?province=${PROVINCE}&round=2501-1`)).status).toBe(404);
      expect((await fetch(`${url}/api/reports/form9?${query}`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await accounts.close();
    }
  });

  it('when sis report runs then it prints the form as JSON numbers, and an unknown round exits 2 naming it', async () => {
    const expected = reportJson(await compile('form4'));
    connection.closeSync();
    await h.parser?.close();
    await h.loader.close();
    loaderClosed = true;
    const env = { SIS_DATA_DIR: h.config.dataDir, SIS_QUEUE_PREFIX: h.config.queuePrefix };
    const run = await runSis(['report', 'form4', '--province', PROVINCE, '--round', truth.round], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as typeof expected;
    expect({ ...printed, generatedAt: null, header: null }).toEqual({
      ...expected,
      generatedAt: null,
      header: null,
    });
    const bad = await runSis(['report', 'form2', '--province', PROVINCE, '--round', '2501-1'], env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^sis: .*2501-1/u)]);
  });
});
