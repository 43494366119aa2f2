import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeIssue } from '../../pipeline/issues/issue.ts';
import { readWorkbook } from '../../pipeline/read/read-workbook.ts';
import { checkZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from '../../pipeline/read/zip-guard.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile } from '../helpers/workbook.ts';
import { deflatedZeros, zipBytes } from '../helpers/zip-bytes.ts';

const MB = 1024 * 1024;
const SMALL: ZipLimits = { maxInflatedBytes: 8 * MB, maxEntries: 50, maxRatio: 100 };
const text = (s: string) => new TextEncoder().encode(s);
const CORRUPT = { ok: false, limit: 'corrupt', value: 0 };

describe('zip containers are checked before they are inflated', () => {
  it('when a real template workbook is checked then it passes with its true inflated size', () => {
    const bytes = writeTemplateFile(SIS_STUDENTS, {
      info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
      rows: [],
    });
    const verdict = checkZip(bytes, DEFAULT_ZIP_LIMITS);
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && verdict.inflatedBytes).toBeGreaterThan(bytes.byteLength);
  });

  it('when an entry inflates far more than it weighs then the ratio limit refuses it', async () => {
    const bomb = zipBytes([{ name: 'xl/worksheets/sheet1.xml', deflated: await deflatedZeros(4 * MB) }]);
    const verdict = checkZip(bomb, SMALL);
    expect(verdict).toMatchObject({ ok: false, limit: 'maxRatio' });
    expect(!verdict.ok && verdict.value).toBeGreaterThan(100);
    // Below the ratio floor (1 MB) highly repetitive XML is normal and passes.
    expect(checkZip(zipBytes([{ name: 'a.xml', data: new Uint8Array(512 * 1024) }]), SMALL).ok).toBe(true);
  });

  it('when the headers declare more than the inflated-size limit then it is refused without inflating', () => {
    const huge = zipBytes([{ name: 'a.xml', data: text('<a/>'), declaredSize: 4_000_000_000 }]);
    expect(checkZip(huge, { ...SMALL, maxRatio: 1e12 })).toEqual({
      ok: false,
      limit: 'maxInflatedBytes',
      value: 4_000_000_000,
    });
  });

  it('when a container holds more entries than allowed then it is refused by count', () => {
    const many = zipBytes(Array.from({ length: 51 }, (_, i) => ({ name: `e${i}.xml`, data: text('<a/>') })));
    expect(checkZip(many, SMALL)).toEqual({ ok: false, limit: 'maxEntries', value: 51 });
    expect(checkZip(zipBytes([{ name: 'e.xml', data: text('<a/>') }]), SMALL).ok).toBe(true);
  });

  it('when a header understates its size then inflating stops at the declared size and the file is corrupt', async () => {
    const liar = zipBytes([{ name: 'a.xml', deflated: await deflatedZeros(6 * MB), declaredSize: 1000 }]);
    expect(checkZip(liar, { ...SMALL, maxRatio: 1e12 })).toEqual({ ok: false, limit: 'corrupt', value: 0 });
  });

  it('when a container is cut short or its directory points nowhere then it is corrupt', () => {
    const good = zipBytes([{ name: 'a.xml', data: text('<a>some text</a>') }]);
    expect(checkZip(good.subarray(0, good.byteLength - 10), SMALL)).toMatchObject({
      ok: false,
      limit: 'corrupt',
    });
    expect(checkZip(good.subarray(0, 20), SMALL)).toMatchObject({ ok: false, limit: 'corrupt' });
  });

  it('when the deflate stream of an entry is cut short, or its header claims more than it holds, then it is corrupt; the true size passes', () => {
    const xml = text(`<a>${'ข้อความ '.repeat(2000)}</a>`);
    const whole = deflateRawSync(xml);
    const entry = (bytes: Uint8Array, declaredSize: number) =>
      zipBytes([{ name: 'a.xml', deflated: { bytes, size: xml.byteLength, crc: crc32(xml) }, declaredSize }]);
    const loose = { ...SMALL, maxRatio: 1e12 };
    expect(checkZip(entry(whole, xml.byteLength), loose)).toEqual({
      ok: true,
      inflatedBytes: xml.byteLength,
    });
    expect(checkZip(entry(whole.subarray(0, whole.byteLength - 8), xml.byteLength), loose)).toEqual(CORRUPT);
    expect(checkZip(entry(whole, xml.byteLength + 1), loose)).toEqual(CORRUPT);
    expect(checkZip(entry(whole, xml.byteLength - 1), loose)).toEqual(CORRUPT);
    const broken = new Uint8Array([0xff, 0xff, 0xff, 0xff]);
    expect(checkZip(entry(broken, xml.byteLength), loose)).toEqual(CORRUPT);
    const empty = deflateRawSync(new Uint8Array(0));
    const emptyEntry = zipBytes([{ name: 'e.xml', deflated: { bytes: empty, size: 0, crc: 0 } }]);
    expect(checkZip(emptyEntry, loose)).toEqual({ ok: true, inflatedBytes: 0 });
  });

  it('when a header declares more than deflate can give from its bytes then it is corrupt; the densest true entry passes', async () => {
    const roomy = { maxInflatedBytes: 4096 * MB, maxEntries: 50, maxRatio: 1e12 };
    const dense = await deflatedZeros(16 * MB); // zeros at zlib's best: about 1,028 bytes per byte
    expect(dense.size / dense.bytes.byteLength).toBeGreaterThan(1000);
    expect(checkZip(zipBytes([{ name: 'z.xml', deflated: dense }]), roomy)).toEqual({
      ok: true,
      inflatedBytes: 16 * MB,
    });
    const tiny = deflateRawSync(text('<a/>'));
    const past = 1032 * (tiny.byteLength + 1) + 1; // past 258 bytes per 2 bits, the stream's end included
    const liar = (declaredSize: number) =>
      zipBytes([{ name: 'a.xml', deflated: { bytes: tiny, size: 4, crc: 0 }, declaredSize }]);
    expect(checkZip(liar(past), roomy)).toEqual(CORRUPT);
    // Refused before a buffer of the declared size is reserved: no 4,000 MB appear for a few bytes.
    const before = process.memoryUsage().arrayBuffers;
    expect(checkZip(liar(4000 * MB), roomy)).toEqual(CORRUPT);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MB);
  });

  it('when readWorkbook meets a bomb then the report names the limit and its value', async () => {
    const bomb = zipBytes([{ name: 'xl/worksheets/sheet1.xml', deflated: await deflatedZeros(4 * MB) }]);
    const result = readWorkbook(bomb, 'bomb.xlsx', { maxBytes: 10 * MB, maxRows: 100, zip: SMALL });
    expect(result.ok).toBe(false);
    const issue = !result.ok ? result.issue : undefined;
    expect(issue?.code).toBe('file/over-limit');
    expect(issue?.message).toContain('SIS_MAX_ZIP_RATIO = 100');
    const declared = zipBytes([{ name: 'a.xml', data: text('<a/>'), declaredSize: 9 * MB }]);
    const over = readWorkbook(declared, 'big.xlsx', {
      maxBytes: 10 * MB,
      maxRows: 100,
      zip: { ...SMALL, maxRatio: 1e12 },
    });
    expect(!over.ok && over.issue.message).toContain('SIS_MAX_INFLATED_MB = 8 MB, พบ 9.0 MB');
    const liar = zipBytes([{ name: 'a.xml', deflated: await deflatedZeros(2 * MB), declaredSize: 10 }]);
    expect(
      readWorkbook(liar, 'liar.xlsx', { maxBytes: 10 * MB, maxRows: 100, zip: { ...SMALL, maxRatio: 1e12 } }),
    ).toEqual({
      ok: false,
      issue: makeIssue('file/unreadable'),
    });
  });
});
