import { latin1, unescapeXml } from './xml-text.ts';

/** The text of each shared string; undefined where SheetJS finds no text in an entry. */
export type SharedStrings = readonly (string | undefined)[];

const SI_OPEN = '<si>';
const SI_CLOSE = '</si>';
const RUN = /<r\b[^<>]*>/u;
const PHONETIC_RUN = /<rPh\b[^<>]*>[\s\S]*?<\/rPh>/gu;
const RUN_TEXT = /<t\b[^<>]*>([^<]*)<\/t>/gu;

/**
 * The shared-string table as SheetJS reads it: each `<si>` holds either one `<t>` (its text up to
 * the first `</t>`) or rich-text runs (the runs' `<t>` joined, phonetic runs left out). Null when
 * the part uses what the fast reader leaves to SheetJS: namespace prefixes, `<si>` with attributes
 * or self-closed, CDATA. Like SheetJS, what follows the last `</si>` is one more entry (empty).
 */
export function readSharedStrings(part: Uint8Array | undefined): SharedStrings | null {
  if (!part) return [];
  const xml = latin1(part, 0, part.byteLength);
  if (!xml.includes('<sst') || /<\w+:(?:sst|si)\b|<si[\s/]|<!\[CDATA\[/u.test(xml)) return null;
  const open = xml.indexOf('<sst');
  const close = xml.indexOf('</sst>', open);
  // SheetJS reads no table at all from a self-closed or unclosed <sst>.
  if (close < 0) return [];
  const body = xml.slice(xml.indexOf('>', open) + 1, close);
  return body
    .replaceAll(SI_OPEN, '')
    .split(SI_CLOSE)
    .map((entry) => richText(entry.trim()));
}

/**
 * The text of one `<si>` or `<is>` (its content as one-byte characters) as SheetJS's `parse_si`
 * reads it: one `<t>`, or rich-text runs; undefined when neither is there.
 */
export function richText(entry: string): string | undefined {
  if (entry === '') return '';
  if (/^\s*<t[^>]*>/u.test(entry)) {
    const body = entry.slice(entry.indexOf('>') + 1);
    const close = body.indexOf('</t>');
    return fromBinary(close < 0 ? body : body.slice(0, close));
  }
  if (!RUN.test(entry)) return undefined;
  let text = '';
  for (const run of entry.replace(PHONETIC_RUN, '').matchAll(RUN_TEXT)) text += run[1];
  return fromBinary(text);
}

function fromBinary(text: string): string {
  return unescapeXml(Buffer.from(text, 'latin1').toString('utf8'));
}
