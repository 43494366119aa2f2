/**
 * Every dash character that keyboards, word processors and web pages put where a clerk meant
 * `-`: hyphen, non-breaking hyphen, figure dash, en and em dashes, horizontal bar, minus sign,
 * small and full-width hyphen-minus.
 */
const DASH_CHARACTERS = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/gu;

/** Replaces every dash character with `-` (IDs and dates use dashes as separators). */
export function foldDashes(text: string): string {
  return text.replace(DASH_CHARACTERS, '-');
}
