import type { EntryVisitor } from './zip-guard.ts';
import { latin1, unescapeRaw, utf8 } from './xml-text.ts';

/** The inflated parts of an .xlsx that its cells are read from, by their name in the zip. */
export type XlsxParts = ReadonlyMap<string, Uint8Array>;

/** One sheet of the workbook, in the workbook's order, with the part holding its cells. */
export interface BookSheet {
  readonly name: string;
  readonly hidden: boolean;
  readonly part: string;
}

const KEPT_PART =
  /^(?:_rels\/\.rels|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/worksheets\/[^/]+\.xml)$/u;
const WORKBOOK = 'xl/workbook.xml';
const REL_TYPE_END = /\/(worksheet|chartsheet|dialogsheet|macrosheet|sharedStrings|officeDocument)$/u;
const SHARED_STRINGS = 'xl/sharedStrings.xml';

/** A zip-guard visitor that keeps the parts the fast reader needs as the guard inflates them. */
export function partKeeper(): { readonly parts: Map<string, Uint8Array> } & EntryVisitor {
  const parts = new Map<string, Uint8Array>();
  return {
    parts,
    begin() {},
    visit(name, inflated) {
      if (KEPT_PART.test(name)) parts.set(name, inflated);
    },
  };
}

/** The workbook's sheets in order, and the shared-string part when there is one. */
export interface BookLayout {
  readonly sheets: readonly BookSheet[];
  readonly sharedStrings: string | null;
}

/**
 * The workbook's sheets with their worksheet parts, or null when the package is laid out in a way
 * the fast reader leaves to SheetJS: a workbook part elsewhere than `xl/workbook.xml`, a chart,
 * dialog or macro sheet, a sheet whose part is missing, or namespace-prefixed markup.
 */
export function bookSheets(parts: XlsxParts): BookLayout | null {
  const packageRels = parts.get('_rels/.rels');
  if (!packageRels) return null;
  const office = onlyTarget(
    relationships(latin1(packageRels, 0, packageRels.byteLength)).get('officeDocument'),
  );
  const listed = office === WORKBOOK ? listedSheets(parts) : null;
  if (!listed || !worksheetTargets(listed.relationships)) return null;
  const sharedStrings = onlyTarget(listed.relationships.get('sharedStrings'));
  if (sharedStrings === undefined) return null;
  if (sharedStrings !== null && (sharedStrings !== SHARED_STRINGS || !parts.has(SHARED_STRINGS))) return null;
  const sheets: BookSheet[] = [];
  for (const { name, hidden, part } of listed.sheets) {
    if (name === undefined || part === undefined || !parts.has(part)) return null;
    sheets.push({ name, hidden, part });
  }
  return { sheets, sharedStrings };
}

/** Worksheet part → the sheet's name, as workbook.xml names it (for refusals made before reading). */
export function sheetNamesByPart(parts: XlsxParts): Map<string, string> {
  const names = new Map<string, string>();
  for (const { name, part } of listedSheets(parts)?.sheets ?? [])
    if (name !== undefined && part !== undefined) names.set(part, name);
  return names;
}

/** A `<sheet>` of workbook.xml: its name and state, and the part its relationship points at. */
interface ListedSheet {
  readonly name: string | undefined;
  readonly hidden: boolean;
  readonly part: string | undefined;
}

/** workbook.xml's sheets in order, with the workbook's relationships; null without them or when prefixed. */
function listedSheets(
  parts: XlsxParts,
): { sheets: ListedSheet[]; relationships: Map<string, Map<string, string>> } | null {
  const workbook = parts.get(WORKBOOK);
  const workbookRels = parts.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !workbookRels) return null;
  const xml = latin1(workbook, 0, workbook.byteLength);
  if (!xml.includes('<sheets>') || /<\w+:sheets?\b/u.test(xml)) return null;
  const rels = relationships(latin1(workbookRels, 0, workbookRels.byteLength));
  const byId = new Map<string, string>();
  for (const targets of rels.values()) for (const [id, target] of targets) byId.set(id, target);
  const sheets = [...xml.matchAll(/<sheet\b[^>]*>/gu)].map(({ 0: tag }): ListedSheet => {
    const name = attribute(tag, 'name');
    const id = attribute(tag, 'r:id');
    const state = attribute(tag, 'state');
    return {
      name: name === undefined ? undefined : sheetName(name),
      hidden: state === 'hidden' || state === 'veryHidden',
      part: id === undefined ? undefined : byId.get(id),
    };
  });
  return { sheets, relationships: rels };
}

/** The one target of a relationship type, null when there is none, undefined when there are several. */
function onlyTarget(byId: Map<string, string> | undefined): string | null | undefined {
  if (!byId) return null;
  return byId.size === 1 ? [...byId.values()][0] : undefined;
}

/** A `name` attribute's raw bytes (one-byte characters) as the sheet's name. */
function sheetName(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  return unescapeRaw(utf8(bytes, 0, bytes.byteLength));
}

/** Relationship id → worksheet part, or null when a sheet of another kind is there. */
function worksheetTargets(all: Map<string, Map<string, string>>): Map<string, string> | null {
  const targets = new Map<string, string>();
  for (const [type, byId] of all) {
    if (type === 'officeDocument' || type === 'sharedStrings') continue;
    if (type !== 'worksheet') return null;
    for (const [id, target] of byId) targets.set(id, target);
  }
  return targets;
}

/** Relationships by the last segment of their type, each as id → target part (from `xl/` for relative targets). */
function relationships(xml: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const match of xml.matchAll(/<Relationship\b[^>]*>/gu)) {
    const type = REL_TYPE_END.exec(attribute(match[0], 'Type') ?? '')?.[1];
    const id = attribute(match[0], 'Id');
    const target = attribute(match[0], 'Target');
    if (type === undefined || id === undefined || target === undefined) continue;
    const byId = out.get(type) ?? new Map<string, string>();
    byId.set(id, partName(target, type));
    out.set(type, byId);
  }
  return out;
}

function partName(target: string, type: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return type === 'officeDocument' ? target : `xl/${target}`;
}

const ATTRIBUTES = {
  name: /\sname\s*=\s*(?:"([^"]*)"|'([^']*)')/u,
  'r:id': /\sr:id\s*=\s*(?:"([^"]*)"|'([^']*)')/u,
  state: /\sstate\s*=\s*(?:"([^"]*)"|'([^']*)')/u,
  Type: /\sType\s*=\s*(?:"([^"]*)"|'([^']*)')/u,
  Id: /\sId\s*=\s*(?:"([^"]*)"|'([^']*)')/u,
  Target: /\sTarget\s*=\s*(?:"([^"]*)"|'([^']*)')/u,
} as const;

/** An attribute's raw value (either quote), or undefined. */
function attribute(tag: string, name: keyof typeof ATTRIBUTES): string | undefined {
  const at = ATTRIBUTES[name].exec(tag);
  return at ? (at[1] ?? at[2]) : undefined;
}
