import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { PREFIXES } from '../../pipeline/people/prefix.ts';
import { loadReference, type Reference } from '../../pipeline/reference/reference.ts';
import { STAMP_SHEET, TEMPLATES, type TemplateDef } from '../../templates/definitions.ts';
import type { FieldKind, TableDef } from '../../templates/fields.ts';
import {
  REGISTRY_INSTITUTIONS,
  REGISTRY_LAOS,
  REGISTRY_OTHER_SCHOOLS,
  REGISTRY_TABLES,
} from '../../templates/registry.ts';
import { writeRegistryWorkbook } from '../../templates/write-registry.ts';
import { writeTemplateWorkbook } from '../../templates/write-template.ts';
import {
  cellStyle,
  columnStyle,
  dataValidations,
  openXlsxParts,
  type RawValidation,
  type XlsxParts,
} from '../helpers/xlsx-xml.ts';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TEXT_NUMFMT = 49;

interface CliFile {
  file: string;
  template: string;
  version: string;
  sheets: string[];
}

let outDir: string;
let cliFiles: CliFile[];
let reference: Reference;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'sis-templates-'));
  reference = await loadReference(path.join(ROOT, 'data'));
  const { stdout } = await run('node', ['bin/sis.js', 'templates', '--out', outDir, '--json'], { cwd: ROOT });
  cliFiles = JSON.parse(stdout) as CliFile[];
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function openFile(name: string): Promise<{ bytes: Buffer; book: XLSX.WorkBook; parts: XlsxParts }> {
  const bytes = await readFile(path.join(outDir, name));
  return { bytes, book: XLSX.read(bytes, { type: 'buffer' }), parts: openXlsxParts(bytes) };
}

function rowsOf(book: XLSX.WorkBook, sheet: string): unknown[][] {
  return XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[sheet]!, { header: 1, defval: null });
}

function hiddenState(book: XLSX.WorkBook, sheet: string): number | undefined {
  return book.Workbook?.Sheets?.find((s) => s.name === sheet)?.Hidden;
}

function letterOf(index: number): string {
  return XLSX.utils.encode_col(index);
}

/** The values a list validation offers: split inline, or read from the range it names. */
function listChoices(book: XLSX.WorkBook, validation: RawValidation): string[] {
  const formula = validation.formula1 ?? '';
  if (formula.startsWith('"')) return formula.slice(1, -1).split(',');
  const match = /^'?([^'!]+)'?!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/u.exec(formula);
  if (!match) throw new Error(`unexpected list formula ${formula}`);
  const range = `${match[2]}${match[3]}:${match[4]}${match[5]}`;
  return XLSX.utils
    .sheet_to_json<unknown[]>(book.Sheets[match[1]!]!, { header: 1, range })
    .map((r) => String(r[0]));
}

function validationOfColumn(parts: XlsxParts, sheet: string, index: number): RawValidation | undefined {
  const letter = letterOf(index);
  return dataValidations(parts.sheetXml(sheet)).find((v) => v.sqref.startsWith(`${letter}2:${letter}`));
}

function expectedChoices(kind: FieldKind): string[] | undefined {
  const byKind: Partial<Record<FieldKind, string[]>> = {
    sex: ['ชาย', 'หญิง'],
    prefix: PREFIXES.map((p) => p.canonical),
    grade: reference.grades.map((g) => g.code),
    disability: reference.disabilities.map((d) => d.name_th),
    disadvantage: reference.disadvantages.map((d) => d.name_th),
    'lao-type': reference.laoTypes.map((t) => t.abbr_th),
    'institution-kind': ['school', 'cdc'],
    status: ['open', 'closed'],
  };
  return byKind[kind];
}

function expectTableDropdowns(book: XLSX.WorkBook, parts: XlsxParts, table: TableDef): void {
  table.columns.forEach((field, index) => {
    const choices = expectedChoices(field.kind);
    const validation = validationOfColumn(parts, table.sheet, index);
    if (choices) {
      expect(validation?.type, `${table.sheet} ${field.key}`).toBe('list');
      expect(listChoices(book, validation!), `${table.sheet} ${field.key}`).toEqual(choices);
    }
    if (field.kind === 'count')
      expect(validation, field.key).toMatchObject({
        type: 'whole',
        operator: 'greaterThanOrEqual',
        formula1: '0',
      });
  });
}

function expectTextColumns(parts: XlsxParts, table: TableDef, kinds: readonly FieldKind[]): void {
  const xml = parts.sheetXml(table.sheet);
  table.columns.forEach((field, index) => {
    if (!kinds.includes(field.kind)) return;
    const style = columnStyle(xml, index + 1);
    expect(style, `${table.sheet} ${field.key} has a column style`).toBeDefined();
    expect(parts.styleNumFmts[style!], `${table.sheet} ${field.key} is text`).toBe(TEXT_NUMFMT);
  });
}

describe('sis templates', () => {
  it('when run with --json then it exits 0 and reports the four files with their sheets', () => {
    expect(cliFiles.map((f) => [path.basename(f.file), f.template, f.version])).toEqual([
      ['sis-students.xlsx', 'sis-students', '1'],
      ['ccis-children.xlsx', 'ccis-children', '1'],
      ['other-schools.xlsx', 'other-schools', '1'],
      ['registry.xlsx', 'registry', '1'],
    ]);
    expect(cliFiles[0]!.sheets).toEqual(['คำอธิบาย', 'ข้อมูลสถานศึกษา', 'นักเรียน', 'รายการ', STAMP_SHEET]);
  });

  it('when run without --json then it prints one line per file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sis-templates-lines-'));
    const { stdout } = await run('node', ['bin/sis.js', 'templates', '--out', dir], { cwd: ROOT });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain(path.join(dir, 'registry.xlsx'));
    await rm(dir, { recursive: true, force: true });
  });

  it('when --out is not a writable folder then it exits 2 with one line on stderr', async () => {
    const file = path.join(outDir, 'not-a-folder.txt');
    await writeFile(file, 'x');
    const result = await run('node', ['bin/sis.js', 'templates', '--out', path.join(file, 'sub')], {
      cwd: ROOT,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^sis: --out .* is not a writable folder/u);
  });
});

describe.each(TEMPLATES.map((def) => [def.id, def] as const))('blank template %s', (id, def: TemplateDef) => {
  it('when opened then the sheets are instructions, info, roster, lists if needed, and the stamp', async () => {
    const { book } = await openFile(`${id}.xlsx`);
    const visible = book.SheetNames.filter((name) => !hiddenState(book, name));
    expect(visible).toEqual(['คำอธิบาย', def.info.name, def.roster.sheet]);
    expect(book.SheetNames.at(-1)).toBe(STAMP_SHEET);
    if (book.SheetNames.includes('รายการ')) expect(hiddenState(book, 'รายการ')).toBe(1);
  });

  it('when opened then row 1 of the roster holds every Thai header in order', async () => {
    const { book } = await openFile(`${id}.xlsx`);
    expect(rowsOf(book, def.roster.sheet)[0]).toEqual(def.roster.columns.map((c) => c.th));
  });

  it('when opened then the info sheet has Thai labels in A, empty values in B and English keys in C', async () => {
    const { book } = await openFile(`${id}.xlsx`);
    expect(rowsOf(book, def.info.name)).toEqual(def.info.fields.map((f) => [f.th, null, f.key]));
  });

  it('when opened then sex, prefix, grade, disability and disadvantage columns have dropdowns and counts are checked', async () => {
    const { book, parts } = await openFile(`${id}.xlsx`);
    expectTableDropdowns(book, parts, def.roster);
  });

  it('when opened then ID and code columns and code cells of the info sheet are text-formatted', async () => {
    const { parts } = await openFile(`${id}.xlsx`);
    expectTextColumns(parts, def.roster, ['person-id', 'code']);
    const infoXml = parts.sheetXml(def.info.name);
    def.info.fields.forEach((field, index) => {
      if (field.kind === 'code')
        expect(parts.styleNumFmts[cellStyle(infoXml, `B${index + 1}`)!]).toBe(TEXT_NUMFMT);
    });
  });

  it('when opened then the hidden stamp sheet holds the template id and version', async () => {
    const { book } = await openFile(`${id}.xlsx`);
    expect(hiddenState(book, STAMP_SHEET)).toBe(1);
    expect(rowsOf(book, STAMP_SHEET)).toEqual([[def.id, def.version]]);
  });

  it('when written by the function then the bytes equal the CLI file (output is reproducible)', async () => {
    const { bytes } = await openFile(`${id}.xlsx`);
    expect((await writeTemplateWorkbook(def, reference)).equals(bytes)).toBe(true);
  });
});

describe('registry workbook', () => {
  it('when opened then it has the three registry sheets with Thai headers and a hidden stamp', async () => {
    const { book } = await openFile('registry.xlsx');
    expect(book.SheetNames).toEqual([...REGISTRY_TABLES.map((t) => t.sheet), STAMP_SHEET]);
    for (const table of REGISTRY_TABLES)
      expect(rowsOf(book, table.sheet)[0]).toEqual(table.columns.map((c) => c.th));
    expect(hiddenState(book, STAMP_SHEET)).toBe(1);
    expect(rowsOf(book, STAMP_SHEET)).toEqual([['registry', '1']]);
  });

  it('when opened then lao type, kind and status have dropdowns and code columns are text', async () => {
    const { book, parts } = await openFile('registry.xlsx');
    for (const table of REGISTRY_TABLES) {
      expectTableDropdowns(book, parts, table);
      expectTextColumns(parts, table, ['code']);
    }
  });

  it('when written with rows then codes come back as text with their leading zeros', async () => {
    const bytes = await writeRegistryWorkbook(reference, {
      laos: [
        {
          lao_code: '0012345',
          lao_name: 'อบต.ทดสอบ',
          lao_type: 'อบต.',
          province_code: '10',
          district: 'เมือง',
        },
      ],
      institutions: [
        {
          institution_code: '0300000001',
          institution_name: 'ศพด.ทดสอบ',
          kind: 'cdc',
          lao_code: '0012345',
          status: 'open',
        },
      ],
      otherSchools: [
        { school_code: '1010000001', school_name: 'รร.บ้านทดสอบ', affiliation: 'สพฐ.', lao_code: '0012345' },
      ],
    });
    const book = XLSX.read(bytes, { type: 'buffer' });
    // The optional contact columns (name, e-mail, telephone) follow, empty without contacts.
    expect(rowsOf(book, REGISTRY_LAOS.sheet)[1]).toEqual([
      '0012345',
      'อบต.ทดสอบ',
      'อบต.',
      '10',
      'เมือง',
      null,
      null,
      null,
    ]);
    expect(rowsOf(book, REGISTRY_INSTITUTIONS.sheet)[1]).toEqual([
      '0300000001',
      'ศพด.ทดสอบ',
      'cdc',
      '0012345',
      'open',
    ]);
    expect(rowsOf(book, REGISTRY_OTHER_SCHOOLS.sheet)[1]).toEqual([
      '1010000001',
      'รร.บ้านทดสอบ',
      'สพฐ.',
      '0012345',
    ]);
  });
});
