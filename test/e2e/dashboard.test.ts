import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile, type RecordRow } from '../helpers/workbook.ts';
import { launchChromium, screenshot } from '../support/chromium.ts';
import { badChecksum, validId } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

const SCHOOL = '3042000001';
const BAD_ID = badChecksum(validId('110370261234'));
/** A pupil's name and a file name that are markup: every page must show them as text, never run them. */
const MARKUP_NAME = '<script>window.__injected=1</script>';
const MARKUP_FILE = '<img src=x onerror="window.__injected=2">.xlsx';

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

/** School 1's roster: two good pupils, one with a broken check digit, one named with markup. */
function rosterWithIssues(): Buffer {
  const bytes = writeTemplateFile(SIS_STUDENTS, {
    info: { institution_code: SCHOOL, academic_year: 2562, term: 2, teachers: 3, classrooms: 2 },
    rows: [pupil(1), pupil(2, { national_id: BAD_ID }), pupil(3), pupil(4, { last_name: MARKUP_NAME })],
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

/** Waits, across the page's own refreshes, until the report leaves `queued`. */
async function waitForReport(page: Page): Promise<string> {
  for (let i = 0; i < 120; i++) {
    const status = await page
      .locator('[data-status]')
      .first()
      .getAttribute('data-status')
      .catch(() => null);
    if (status && status !== 'queued') return status;
    await page.waitForTimeout(500);
  }
  throw new Error('the report never left queued');
}

describe('the dashboard in Debian Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const accounts: Record<string, { password: string }> = {};

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    accounts.loei = await server.addAccount('clerk-loei', 'province', '42');
    accounts.bangkok = await server.addAccount('clerk-bangkok', 'province', '10');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('when a province clerk uploads a roster then its issues, markup-safe names and annotated workbook show, and another province gets 403', async () => {
    const context = await browser.newContext({
      acceptDownloads: true,
      locale: 'th-TH',
      viewport: { width: 1280, height: 900 },
    });
    const page = await logIn(context, server, 'clerk-loei', accounts.loei!.password);
    await screenshot(page, 'home');

    await page.goto(`${server.url}/uploads/new`);
    await page.locator('input[type=file]').setInputFiles({
      name: MARKUP_FILE,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: rosterWithIssues(),
    });
    await Promise.all([
      page.waitForURL(/\/submissions\/\d+$/u),
      page.getByRole('button', { name: 'ส่งไฟล์' }).click(),
    ]);
    const submissionUrl = page.url();
    expect(await waitForReport(page)).toBe('partial');
    await screenshot(page, 'submission');

    const issueRows = page.locator('tr.error', { hasText: 'cell/national-id-checksum' });
    expect(await issueRows.count()).toBe(1);
    expect(await issueRows.innerText()).toContain('A3');
    expect(await page.locator('tr.error', { hasText: 'A2' }).count()).toBe(0);
    expect(await page.locator('h1').innerText()).toContain(MARKUP_FILE);
    // Markup in a name is text on the page, and nothing ran.
    expect(await page.evaluate(() => (globalThis as { __injected?: number }).__injected)).toBeUndefined();
    expect(await page.locator('script, img').count()).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /ดาวน์โหลดไฟล์ที่ทำเครื่องหมาย/u }).click(),
    ]);
    const book = XLSX.read(await readFile((await download.path())!));
    const marked = book.Sheets[SIS_STUDENTS.roster.sheet]?.['A3'] as XLSX.CellObject | undefined;
    expect(marked?.v).toBe(BAD_ID);
    expect(marked?.c?.map((c) => c.t).join('')).toContain('cell/national-id-checksum');
    expect(book.Sheets[SIS_STUDENTS.roster.sheet]?.['A2']?.c).toBeUndefined();
    await context.close();

    const other = await browser.newContext();
    const bangkok = await logIn(other, server, 'clerk-bangkok', accounts.bangkok!.password);
    const refused = await bangkok.goto(submissionUrl);
    expect(refused?.status()).toBe(403);
    expect(await bangkok.content()).not.toContain(BAD_ID);
    await other.close();
  });
});
