import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { CCIS_CHILDREN, SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile, type RecordRow } from '../helpers/workbook.ts';
import { launchChromium, screenshot } from '../support/chromium.ts';
import { badChecksum, validId } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

const SCHOOL = '3042000001';
const CDC = '7042000001';
const BAD_ID = badChecksum(validId('110370261234'));
/** A pupil's name and a file name that are markup: every page must show them as text, never run them. */
const MARKUP_NAME = '<script>globalThis.__injected=1</script>';
const MARKUP_FILE = '<img src=x onerror="globalThis.__injected=2">.xlsx';

function pupil(n: number, overrides: Partial<RecordRow> = {}): RecordRow {
  return {
    national_id: validId(`11037026${String(1000 + n)}`),
    prefix: 'ด.ช.',
    first_name: `อีทูอี${n}`,
    last_name: 'ทดสอบ',
    sex: 'ชาย',
    birth_date: '05/03/2556',
    grade: 'ป.1',
    room: '1',
    ...overrides,
  };
}

/** The school's roster: two good pupils, one with a broken check digit, one named with markup. */
function schoolRoster(): Buffer {
  const bytes = writeTemplateFile(SIS_STUDENTS, {
    info: { institution_code: SCHOOL, academic_year: 2562, term: 2, teachers: 3, classrooms: 2 },
    rows: [pupil(1), pupil(2, { national_id: BAD_ID }), pupil(3), pupil(4, { last_name: MARKUP_NAME })],
  });
  return Buffer.from(bytes);
}

/** The CDC's roster: one child, who carries the national ID of the school's pupil 1 (a duplicate). */
function cdcRoster(): Buffer {
  const bytes = writeTemplateFile(CCIS_CHILDREN, {
    info: { institution_code: CDC, academic_year: 2562, term: 2 },
    rows: [
      {
        national_id: pupil(1).national_id!,
        prefix: 'ด.ช.',
        first_name: 'อีทูอี1',
        last_name: 'ทดสอบ',
        sex: 'ชาย',
        birth_date: '01/02/2559',
      },
    ],
  });
  return Buffer.from(bytes);
}

async function logIn(context: BrowserContext, server: TestServer, username: string, password: string) {
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('ชื่อผู้ใช้').fill(username);
  await page.getByLabel('รหัสผ่าน').fill(password);
  await Promise.all([
    page.waitForURL(`${server.url}/`),
    page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click(),
  ]);
  return page;
}

/** Drops files on the drop zone as a person dragging them from the desktop would. */
async function dropFiles(page: Page, files: Array<{ name: string; bytes: Buffer }>): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, base64: f.bytes.toString('base64') }));
  const transfer = await page.evaluateHandle((items) => {
    // Runs in the page: the browser's own DataTransfer and File.
    const web = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
      atob(text: string): string;
    };
    const data = new web.DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(web.atob(item.base64), (c) => c.charCodeAt(0));
      data.items.add(new web.File([bytes], item.name, { type: 'application/octet-stream' }));
    }
    return data;
  }, payload);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

/** The status the completeness page gives an institution. */
async function completenessOf(page: Page, server: TestServer, code: string): Promise<string | null> {
  await page.goto(`${server.url}/completeness?province=42`);
  return page.locator(`tr[data-institution="${code}"]`).getAttribute('data-status');
}

const injected = (page: Page) => page.evaluate(() => (globalThis as { __injected?: number }).__injected);

describe('the dashboard in Debian Chromium', { timeout: 240_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ SIS_DEDUP_DEBOUNCE_MS: '200' });
    browser = await launchChromium();
    passwords.loei = (await server.addAccount('clerk-loei', 'province', '42')).password;
    passwords.bangkok = (await server.addAccount('clerk-bangkok', 'province', '10')).password;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('when a clerk uploads by drag and drop then progress, issues, annotated workbook, completeness, a duplicate answer and a report follow; another province gets 403', async () => {
    const context = await browser.newContext({
      acceptDownloads: true,
      locale: 'th-TH',
      viewport: { width: 1280, height: 900 },
    });
    const page = await logIn(context, server, 'clerk-loei', passwords.loei!);
    await screenshot(page, 'home');

    // Before: nothing sent, both institutions on the chase list.
    expect(await completenessOf(page, server, SCHOOL)).toBe('not-submitted');
    expect(await completenessOf(page, server, CDC)).toBe('not-submitted');
    expect(await page.locator(`tr[data-chase="${SCHOOL}"]`).count()).toBe(1);

    // Upload two files by drag and drop; each bar runs to done.
    await page.goto(`${server.url}/uploads/new`);
    await dropFiles(page, [
      { name: MARKUP_FILE, bytes: schoolRoster() },
      { name: 'cdc.xlsx', bytes: cdcRoster() },
    ]);
    const items = page.getByTestId('upload-item');
    await expect.poll(() => items.count()).toBe(2);
    for (const item of await items.all())
      await item.locator('[data-testid=upload-result]').waitFor({ timeout: 90_000 });
    const school = page.locator('[data-testid=upload-item]', { hasText: 'onerror' });
    const cdc = page.locator('[data-testid=upload-item][data-file-name="cdc.xlsx"]');
    expect(await school.getAttribute('data-stage')).toBe('done');
    expect(await school.getByTestId('upload-progress').getAttribute('value')).toBe('3');
    expect(await school.getByTestId('upload-result').getAttribute('data-status')).toBe('partial');
    expect(await cdc.getByTestId('upload-result').getAttribute('data-status')).toBe('accepted');
    // The issue table is fetched after the result shows: wait for it before counting its rows.
    await school.getByTestId('issue-list').waitFor();
    const checksum = school.locator('[data-testid=issue-list] tr[data-code="cell/national-id-checksum"]');
    expect(await checksum.count()).toBe(1);
    expect(await checksum.innerText()).toContain('A3');
    expect(await cdc.locator('[data-testid=issue-list] tr[data-code^="cell/"]').count()).toBe(0);
    // The file name is markup: shown as text, nothing ran, no element made of it.
    expect(await school.innerText()).toContain(MARKUP_FILE);
    expect(await injected(page)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    await screenshot(page, 'upload');

    // The annotated workbook marks the bad cell and only it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      school.getByTestId('annotated-link').click(),
    ]);
    const book = XLSX.read(await readFile((await download.path())!));
    const marked = book.Sheets[SIS_STUDENTS.roster.sheet]?.['A3'] as XLSX.CellObject | undefined;
    expect(marked?.v).toBe(BAD_ID);
    expect(marked?.c?.map((c) => c.t).join('')).toContain('cell/national-id-checksum');
    expect(book.Sheets[SIS_STUDENTS.roster.sheet]?.['A2']?.c).toBeUndefined();

    // The report page shows the pupil named with markup as text.
    await school.getByTestId('report-link').click();
    await page.waitForURL(/\/submissions\/\d+$/u);
    const submissionUrl = page.url();
    expect(await injected(page)).toBeUndefined();
    await screenshot(page, 'submission');

    // Completeness follows the content: a partial file and an accepted one, off the chase list.
    expect(await completenessOf(page, server, SCHOOL)).toBe('partial');
    expect(await page.locator(`tr[data-chase="${SCHOOL}"]`).count()).toBe(0);
    expect(await completenessOf(page, server, CDC)).toBe('accepted');
    await screenshot(page, 'completeness');

    // The same child in the school and the CDC: the CDC answers 201 for its own record.
    const member = await waitForDuplicate(page, server, CDC);
    await member.getByTestId('dedup-outcome').selectOption('201');
    await member.getByTestId('dedup-note').fill('ย้ายไปเรียนโรงเรียน (moved to the school)');
    await Promise.all([page.waitForLoadState('load'), member.getByTestId('dedup-answer-submit').click()]);
    await page.getByTestId('dedup-saved').waitFor();
    const answered = page.locator(`[data-testid^="dedup-member-${CDC}-"]`);
    await expect.poll(() => answered.getByTestId('dedup-current').innerText()).toContain('201');
    expect(await answered.getByTestId('dedup-history').innerText()).toContain('moved to the school');
    await screenshot(page, 'dedup');

    // Form 2 on screen and as .xlsx.
    await page.goto(`${server.url}/reports`);
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-xlsx-form2').click(),
    ]);
    const form2 = XLSX.read(await readFile((await report.path())!));
    expect(form2.SheetNames.length).toBeGreaterThan(0);
    expect(
      JSON.stringify(XLSX.utils.sheet_to_json(form2.Sheets[form2.SheetNames[0]!]!, { header: 1 })),
    ).toContain('เลย');
    await page.getByTestId('report-open-form2').click();
    await page.waitForURL(/\/reports\/form2/u);
    await screenshot(page, 'report-form2');
    await context.close();

    // Another province's clerk sees none of it.
    const other = await browser.newContext();
    const bangkok = await logIn(other, server, 'clerk-bangkok', passwords.bangkok!);
    expect((await bangkok.goto(submissionUrl))?.status()).toBe(403);
    expect(await bangkok.content()).not.toContain(BAD_ID);
    expect((await bangkok.goto(`${server.url}/completeness?province=42`))?.status()).toBe(403);
    await bangkok.goto(`${server.url}/dedup`);
    expect(await bangkok.getByTestId('dedup-cluster').count()).toBe(0);
    await other.close();
  });
});

/** Reloads the duplicates page until the institution's member shows (detection runs after loads). */
async function waitForDuplicate(page: Page, server: TestServer, institution: string) {
  const member = page.locator(`[data-testid^="dedup-member-${institution}-"]`);
  for (let i = 0; i < 60; i++) {
    await page.goto(`${server.url}/dedup`);
    if ((await member.count()) > 0) return member;
    await page.waitForTimeout(500);
  }
  throw new Error('no duplicate cluster showed');
}
