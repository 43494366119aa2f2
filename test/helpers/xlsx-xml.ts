import * as XLSX from 'xlsx';

/**
 * Reads the raw parts of an .xlsx that SheetJS CE does not surface (data validations, column and
 * cell number formats), independently of ExcelJS which wrote them. The XML is ExcelJS's own
 * regular output, so plain patterns suffice.
 */
export interface XlsxParts {
  /** The XML of a worksheet, found by its sheet name. */
  sheetXml(name: string): string;
  /** The number format id of each cell style (`s="N"` → numFmtId). */
  readonly styleNumFmts: readonly number[];
}

export interface RawValidation {
  readonly type: string;
  readonly operator: string | undefined;
  readonly sqref: string;
  readonly formula1: string | undefined;
}

/** Opens the zip of an .xlsx with SheetJS's CFB reader. */
export function openXlsxParts(bytes: Buffer): XlsxParts {
  const zip = XLSX.CFB.read(bytes, { type: 'buffer' });
  const part = (name: string): string => {
    const index = zip.FullPaths.findIndex((p: string) => p.endsWith(`/${name}`));
    const entry = zip.FileIndex[index];
    if (index < 0 || !entry?.content) throw new Error(`part ${name} missing`);
    return Buffer.from(entry.content as Uint8Array).toString('utf8');
  };
  const targets = sheetTargets(part('xl/workbook.xml'), part('xl/_rels/workbook.xml.rels'));
  return {
    sheetXml: (name) => {
      const target = targets.get(name);
      if (!target) throw new Error(`sheet ${name} missing`);
      return part(target);
    },
    styleNumFmts: cellStyleNumFmts(part('xl/styles.xml')),
  };
}

function sheetTargets(workbookXml: string, relsXml: string): Map<string, string> {
  const rels = new Map(
    [...relsXml.matchAll(/<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/gu)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
  const targets = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/gu)) {
    const target = rels.get(m[2]!)!.replace(/^\/?(xl\/)?/u, 'xl/');
    targets.set(decodeXml(m[1]!), target);
  }
  return targets;
}

function cellStyleNumFmts(stylesXml: string): number[] {
  const cellXfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/su.exec(stylesXml)?.[1] ?? '';
  return [...cellXfs.matchAll(/<xf [^>]*?numFmtId="(\d+)"/gu)].map((m) => Number(m[1]));
}

/** Every `<dataValidation>` of a sheet. */
export function dataValidations(sheetXml: string): RawValidation[] {
  return [...sheetXml.matchAll(/<dataValidation ([^>]*)>(.*?)<\/dataValidation>/gsu)].map((m) => {
    const attrs = m[1]!;
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`, 'u').exec(attrs)?.[1];
    const formula1 = /<formula1>(.*?)<\/formula1>/su.exec(m[2]!)?.[1];
    return {
      type: attr('type') ?? 'any',
      operator: attr('operator'),
      sqref: attr('sqref') ?? '',
      formula1: formula1 === undefined ? undefined : decodeXml(formula1),
    };
  });
}

/** The style index a `<col>` element gives to 1-based column `col`, or undefined. */
export function columnStyle(sheetXml: string, col: number): number | undefined {
  for (const m of sheetXml.matchAll(/<col ([^>]*)\/>/gu)) {
    const min = Number(/min="(\d+)"/u.exec(m[1]!)?.[1]);
    const max = Number(/max="(\d+)"/u.exec(m[1]!)?.[1]);
    const style = /style="(\d+)"/u.exec(m[1]!)?.[1];
    if (col >= min && col <= max) return style === undefined ? undefined : Number(style);
  }
  return undefined;
}

/** The style index of one cell (`B1`), or undefined when the cell is absent or unstyled. */
export function cellStyle(sheetXml: string, address: string): number | undefined {
  const style = new RegExp(`<c r="${address}"[^>]*?\\bs="(\\d+)"`, 'u').exec(sheetXml)?.[1];
  return style === undefined ? undefined : Number(style);
}

function decodeXml(text: string): string {
  return text
    .replace(/&quot;/gu, '"')
    .replace(/&apos;/gu, "'")
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&amp;/gu, '&');
}
