/**
 * Text of an .xlsx part as SheetJS makes it: bytes decoded as UTF-8, then XML's five named
 * entities, numeric character references (`&#3585;`, one UTF-16 unit each, as SheetJS reads them)
 * and Excel's `_xHHHH_` escapes of characters XML cannot hold (`_x000D_` for a carriage return),
 * CDATA sections kept verbatim. The fast .xlsx reader must give exactly what SheetJS gives, so
 * these follow SheetJS's own rules, quirks included (an entity's name matches in any case).
 */

const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/giu;
const EXCEL_ESCAPE = /_x([\da-fA-F]{4})_/giu;
const NAMED: Readonly<Record<string, string>> = {
  '&quot;': '"',
  '&apos;': "'",
  '&gt;': '>',
  '&lt;': '<',
  '&amp;': '&',
};
/** What any of the unescapes would change: an entity, an escape, a CDATA section or a CR. */
const UNESCAPED = /[&_<\r]/u;
const AMPERSAND = 0x26;
const UNDERSCORE = 0x5f;
const CARRIAGE_RETURN = 0x0d;

/** The bytes as UTF-8 text; invalid sequences become U+FFFD, as Node's decoder (and SheetJS on Node) makes them. */
export function utf8(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
}

/** True when the bytes hold nothing an unescape would change (no `&`, `_` or carriage return). */
export function isPlain(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b === AMPERSAND || b === UNDERSCORE || b === CARRIAGE_RETURN) return false;
  }
  return true;
}

/** SheetJS's `unescapexml(text, true)`: entities, `_xHHHH_`, CDATA kept, CR LF → LF. */
export function unescapeXml(text: string): string {
  if (!UNESCAPED.test(text)) return text;
  return unescapeRaw(text).replace(/\r\n/gu, '\n');
}

/** SheetJS's `unescapexml(text)` without the line-end rule. */
export function unescapeRaw(text: string): string {
  const open = text.indexOf('<![CDATA[');
  if (open < 0) return text.replace(ENTITY, entity).replace(EXCEL_ESCAPE, excelEscape);
  const close = text.indexOf(']]>');
  return unescapeRaw(text.slice(0, open)) + text.slice(open + 9, close) + unescapeRaw(text.slice(close + 3));
}

function entity(whole: string, code: string | undefined): string {
  const named = NAMED[whole];
  if (named !== undefined) return named;
  // SheetJS takes a name in another case (`&AMP;`) for a number it cannot parse: NUL.
  return String.fromCharCode(parseInt(code ?? '', whole.includes('x') ? 16 : 10)) || whole;
}

function excelEscape(_whole: string, hex: string): string {
  return String.fromCharCode(parseInt(hex, 16));
}

/** The bytes as one-byte characters (SheetJS's "binary" string of a part). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
