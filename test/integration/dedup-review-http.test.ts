import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceRegistry, type RegistryRecords } from '../../pipeline/db/registry-repository.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { ingestUploads, runDedupNow } from '../../workers/intake.ts';
import { writeRosterWorkbook, type RosterRow } from '../helpers/exceljs-roster.ts';
import { IN_WINDOW, validId } from '../support/fixtures.ts';
import { Browser, startTestServer, type TestServer } from '../support/http-server.ts';

const ROUND = '2562-2';
const SCRIPT = '<script>alert(1)</script>';

/** Two schools in Loei (42), two in Krabi (81); one school is named like a script. */
const REGISTRY: RegistryRecords = {
  laos: [
    { lao_code: '4200101', lao_name: 'อบต.ทดสอบ', lao_type: 'sao', province_code: '42', district: 'เมืองเลย' },
    { lao_code: '8100101', lao_name: 'อบต.กระบี่', lao_type: 'sao', province_code: '81', district: 'เมืองกระบี่' },
  ],
  institutions: [
    {
      institution_code: '3042000001',
      institution_name: SCRIPT,
      kind: 'school',
      lao_code: '4200101',
      status: 'open',
    },
    {
      institution_code: '3042000002',
      institution_name: 'รร.เลยสอง',
      kind: 'school',
      lao_code: '4200101',
      status: 'open',
    },
    {
      institution_code: '3081000001',
      institution_name: 'รร.กระบี่หนึ่ง',
      kind: 'school',
      lao_code: '8100101',
      status: 'open',
    },
    {
      institution_code: '3081000002',
      institution_name: 'รร.กระบี่สอง',
      kind: 'school',
      lao_code: '8100101',
      status: 'open',
    },
  ],
  otherSchools: [],
};

function pupil(id12: string, first: string, last: string, birth = '05/03/2556'): RosterRow {
  return {
    national_id: validId(id12),
    prefix: 'ด.ช.',
    first_name: first,
    last_name: last,
    sex: 'ชาย',
    birth_date: birth,
    grade: 'ป.1',
  };
}

// The planted duplicates, each a cluster (rule; schools of its records):
//  cross: same-id, 3042000001 + 3081000001 (touches 42 and 81)
//  loei: same-id, 3042000001 + 3042000002, the pupil named like a script (42 only)
//  krabi: same-id, 3081000001 + 3081000002 (81 only)
//  twin: same-name-dob, 3042000001 + 3042000002 under IDs one digit apart (42 only)
const cross = pupil('110370290001', 'ข้ามจังหวัด', 'สองที่');
const loei = pupil('110370290002', SCRIPT, 'สคริปต์');
const krabi = pupil('110370290003', 'กระบี่', 'ซ้ำกัน');
const twinA = pupil('110370290004', 'แฝดชื่อ', 'เดียวกัน', '07/07/2556');
const twinB = { ...twinA, national_id: validId('110370290005') };
const ROSTERS: Record<string, RosterRow[]> = {
  '3042000001': [cross, loei, twinA, pupil('110370290010', 'เดี่ยว', 'หนึ่ง')],
  '3042000002': [loei, twinB],
  '3081000001': [cross, krabi],
  '3081000002': [krabi],
};
/** Clusters each province sees, by the rule of each, and the records of its own province in them. */
const EXPECTED = {
  '42': { clusters: 3, sameId: 2, sameNameDob: 1, records: 1 + 2 + 2 },
  '81': { clusters: 2, sameId: 2, sameNameDob: 0, records: 1 + 2 },
  all: { clusters: 4, sameId: 3, sameNameDob: 1, records: 2 + 2 + 2 + 2 },
};

const testid = (html: string, id: string) =>
  new RegExp(`data-testid="${id}">([^<]*)<`, 'u').exec(html)?.[1]?.replace(/,/gu, '');
const clusterIds = (html: string) => [...html.matchAll(/data-cluster="([^"]+)"/gu)].map((m) => m[1]!);

describe('the duplicate review page', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const submissions: Record<string, number> = {};
  const clusterOf: Record<string, string> = {};
  const get = async (path: string, who: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, html: await res.text() };
  };
  const answer = (who: string, fields: Record<string, string | number>) =>
    fetch(`${server.url}/dedup/answer`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${tokens[who]}` },
      body: new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])),
    });
  const decisions = () =>
    server.loader.exclusive((db) =>
      db
        .selectFrom('dedup_decisions')
        .select(['institution_code', 'outcome', 'note', 'decided_by'])
        .execute(),
    );
  const audits = () =>
    server.loader.exclusive((db) =>
      db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'target', 'detail'])
        .where('action', '=', 'dedup-decide')
        .execute(),
    );

  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, role, province] of [
      ['loei', 'province', '42'],
      ['krabi', 'province', '81'],
      ['viewer', 'viewer', undefined],
    ] as const)
      tokens[name] = (await server.addAccount(name, role, province)).token;
    tokens.admin = server.adminToken;
    await server.loader.exclusive((db) => replaceRegistry(db, REGISTRY, 'test', IN_WINDOW));
    const deps = { queues: server.loader.queues, paths: server.paths };
    const codes = Object.keys(ROSTERS);
    const uploads = await Promise.all(
      codes.map(async (code) => ({
        bytes: await writeRosterWorkbook(SIS_STUDENTS, {
          info: { institution_code: code, academic_year: 2562, term: 2 },
          rows: ROSTERS[code]!,
        }),
        fileName: `${code}.xlsx`,
        uploadedBy: 'test',
        uploadedAt: IN_WINDOW,
        asOf: IN_WINDOW,
        options: {},
      })),
    );
    const reports = await ingestUploads(deps, uploads, 60_000);
    reports.forEach((r, i) => {
      expect(r.status).toBe('accepted');
      submissions[codes[i]!] = r.submissionId;
    });
    const result = await runDedupNow(deps, ROUND);
    for (const c of result.clusterList) {
      const id = c.members[0]!.nationalId;
      const name = [cross, loei, krabi].find((p) => p.national_id === id);
      clusterOf[name === cross ? 'cross' : name === loei ? 'loei' : name === krabi ? 'krabi' : 'twin'] =
        c.clusterId;
    }
    expect(Object.keys(clusterOf).sort()).toEqual(['cross', 'krabi', 'loei', 'twin']);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('when a province user opens the page then it lists only clusters with a member in its province, with its own totals', async () => {
    for (const [who, province] of [
      ['loei', '42'],
      ['krabi', '81'],
      ['admin', 'all'],
    ] as const) {
      const { status, html } = await get(`/dedup?round=${ROUND}`, who);
      const want = EXPECTED[province];
      expect(status).toBe(200);
      expect(testid(html, 'dedup-total-clusters')).toBe(String(want.clusters));
      expect(testid(html, 'dedup-total-same-id')).toBe(String(want.sameId));
      expect(testid(html, 'dedup-total-same-name-dob')).toBe(String(want.sameNameDob));
      expect(testid(html, 'dedup-total-records')).toBe(String(want.records));
      expect(clusterIds(html)).toHaveLength(want.clusters);
    }
    const loeiPage = clusterIds((await get(`/dedup?round=${ROUND}`, 'loei')).html);
    expect(loeiPage.sort()).toEqual([clusterOf.cross, clusterOf.loei, clusterOf.twin].sort());
    expect(loeiPage).not.toContain(clusterOf.krabi);
  });

  it('when the page is shown then members carry their lineage, and text named like a script is escaped', async () => {
    const { html } = await get(`/dedup?round=${ROUND}`, 'loei');
    expect(html).toContain(`data-testid="dedup-member-3042000002-${submissions['3042000002']}-2"`);
    expect(html).toContain('3042000002.xlsx');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(SCRIPT);
    // The province user may answer for members in its own province only.
    const crossSection = html.slice(html.indexOf(`data-cluster="${clusterOf.cross}"`));
    const krabiMember = crossSection.slice(crossSection.indexOf('dedup-member-3081000001'));
    expect(krabiMember.slice(0, krabiMember.indexOf('</article>'))).not.toContain('dedup-answer-form');
  });

  it('when a viewer opens the page then IDs and names are masked, while a province user sees them', async () => {
    const viewer = (await get(`/dedup?round=${ROUND}`, 'viewer')).html;
    expect(viewer).not.toContain(cross.national_id as string);
    expect(viewer).not.toContain('ข้ามจังหวัด');
    expect(viewer).not.toContain('dedup-answer-form');
    const loeiHtml = (await get(`/dedup?round=${ROUND}`, 'loei')).html;
    expect(loeiHtml).toContain(cross.national_id as string);
  });

  it('when a province answers for its own member then the answer is recorded, audited and shown in the history', async () => {
    const res = await answer('loei', {
      round: ROUND,
      cluster: clusterOf.cross!,
      institution: '3042000001',
      submission: submissions['3042000001']!,
      row: 2,
      outcome: 203,
      note: 'ย้ายไปกระบี่',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('saved=1');
    expect(await decisions()).toEqual([
      { institution_code: '3042000001', outcome: 203, note: 'ย้ายไปกระบี่', decided_by: 'loei' },
    ]);
    expect(await audits()).toEqual([
      {
        actor: 'loei',
        action: 'dedup-decide',
        target: `${clusterOf.cross} 3042000001:${submissions['3042000001']}:2`,
        detail: 'outcome 203',
      },
    ]);
    const { html } = await get(`/dedup?round=${ROUND}&state=answered`, 'loei');
    expect(clusterIds(html)).toEqual([clusterOf.cross]);
    const member = html.slice(html.indexOf('dedup-member-3042000001'));
    expect(member.slice(0, member.indexOf('</article>'))).toMatch(
      /203 ย้ายออก · loei · 2019-11-01 10:00 น\..*หมายเหตุ: ย้ายไปกระบี่/u,
    );
    // Krabi's record of the same cluster is still unanswered: for Krabi the cluster is pending.
    expect(clusterIds((await get(`/dedup?round=${ROUND}&state=pending`, 'krabi')).html).sort()).toEqual(
      [clusterOf.cross, clusterOf.krabi].sort(),
    );
  });

  it("when a province answers for another province's member then it is 403 and nothing is recorded", async () => {
    const before = await decisions();
    const res = await answer('loei', {
      round: ROUND,
      cluster: clusterOf.cross!,
      institution: '3081000001',
      submission: submissions['3081000001']!,
      row: 2,
      outcome: 201,
      note: 'ไม่พบ',
    });
    expect(res.status).toBe(403);
    expect(await decisions()).toEqual(before);
    expect((await audits()).filter((a) => a.target?.includes('3081000001'))).toEqual([]);
  });

  it('when 206 comes without a note, or a viewer answers, then nothing is recorded', async () => {
    const before = await decisions();
    const fields = {
      round: ROUND,
      cluster: clusterOf.twin!,
      institution: '3042000002',
      submission: submissions['3042000002']!,
      row: 3,
      outcome: 206,
      note: ' ',
    };
    expect((await answer('loei', fields)).status).toBe(400);
    expect((await answer('viewer', { ...fields, note: 'x' })).status).toBe(403);
    expect(await decisions()).toEqual(before);
  });

  it('when the page is filtered by rule or answered/pending then only matching clusters are listed', async () => {
    const byRule = await get(`/dedup?round=${ROUND}&rule=same-name-dob`, 'loei');
    expect(clusterIds(byRule.html)).toEqual([clusterOf.twin]);
    // The scope's totals do not follow the filters.
    expect(testid(byRule.html, 'dedup-total-clusters')).toBe('3');
    const pending = await get(`/dedup?round=${ROUND}&state=pending&rule=same-id`, 'loei');
    expect(clusterIds(pending.html)).toEqual([clusterOf.loei]);
    expect(testid(pending.html, 'dedup-matching')).toBe('1');
  });

  it('when a clerk answers through the form with a session then the CSRF token is needed and the answer is kept', async () => {
    const { password } = await server.addAccount('loei-clerk', 'province', '42');
    const browser = new Browser(server.url);
    await browser.login('loei-clerk', password);
    const html = await (await browser.fetch(`/dedup?round=${ROUND}`)).text();
    expect(html).toContain('data-testid="dedup-outcome"');
    expect(html).toContain('data-testid="dedup-answer-submit"');
    const csrf = /name="_csrf" value="([^"]+)"/u.exec(html)![1]!;
    const fields = {
      round: ROUND,
      cluster: clusterOf.loei!,
      institution: '3042000002',
      submission: String(submissions['3042000002']),
      row: '2',
      outcome: '100',
      note: '',
    };
    const refused = await browser.fetch('/dedup/answer', {
      method: 'POST',
      body: new URLSearchParams(fields),
    });
    expect(refused.status).toBe(403);
    const ok = await browser.fetch('/dedup/answer', {
      method: 'POST',
      body: new URLSearchParams({ ...fields, _csrf: csrf }),
    });
    expect(ok.status).toBe(303);
    expect((await decisions()).filter((d) => d.decided_by === 'loei-clerk')).toEqual([
      { institution_code: '3042000002', outcome: 100, note: null, decided_by: 'loei-clerk' },
    ]);
  });
});
