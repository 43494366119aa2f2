import { makeIssue, type Issue } from '../issues/issue.ts';
import { findHeaderRow, headerMatcher, missingRequired } from '../read/header-match.ts';
import type { Sheet, Workbook } from '../read/workbook.ts';
import { headerKey } from '../text/normalise-text.ts';
import { STAMP_SHEET, TEMPLATES, templateById, type TemplateDef } from '../../templates/definitions.ts';

/** The template and how it was recognised, or `file/unknown-template`. */
export type DetectResult =
  | { readonly ok: true; readonly template: TemplateDef; readonly via: 'stamp' | 'headers' }
  | { readonly ok: false; readonly issue: Issue };

/**
 * Tells which template a workbook was made from: the id in A1 of the hidden `_template` sheet
 * when it names a known template, else the template whose roster headers a sheet carries best
 * (columns matched, less required columns missing, plus one when the sheet bears the roster's
 * name). At least half the required columns must match, or the file is `file/unknown-template`.
 */
export function detectTemplate(book: Workbook, templates: readonly TemplateDef[] = TEMPLATES): DetectResult {
  const stamped = stampedTemplate(book, templates);
  if (stamped) return { ok: true, template: stamped, via: 'stamp' };
  let best: { template: TemplateDef; score: number } | undefined;
  for (const template of templates) {
    const score = bestSheetScore(book, template);
    if (score !== null && (!best || score > best.score)) best = { template, score };
  }
  if (!best) return { ok: false, issue: makeIssue('file/unknown-template') };
  return { ok: true, template: best.template, via: 'headers' };
}

function stampedTemplate(book: Workbook, templates: readonly TemplateDef[]): TemplateDef | undefined {
  const stamp = book.sheets.find((s) => s.name === STAMP_SHEET);
  const id = stamp?.rows[0]?.[0];
  if (typeof id !== 'string') return undefined;
  const found = templateById(id.trim());
  return found && templates.includes(found) ? found : undefined;
}

/** The template's best score over the visible sheets, or null when no sheet carries half its required headers. */
function bestSheetScore(book: Workbook, template: TemplateDef): number | null {
  const roster = template.roster;
  const matcher = headerMatcher(roster.columns);
  const required = roster.columns.filter((c) => c.required).length;
  let best: number | null = null;
  for (const sheet of book.sheets) {
    if (sheet.hidden) continue;
    const header = findHeaderRow(matcher, sheet.rows);
    if (!header) continue;
    const missing = missingRequired(roster, matcher, sheet.rows[header.index]).length;
    if ((required - missing) * 2 < required) continue;
    const score = header.score - missing + (namesRoster(sheet, template) ? 1 : 0);
    if (best === null || score > best) best = score;
  }
  return best;
}

function namesRoster(sheet: Sheet, template: TemplateDef): boolean {
  return headerKey(sheet.name) === headerKey(template.roster.sheet);
}
