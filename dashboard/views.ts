import { readdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Handlebars from 'handlebars';
import { currentNav } from './nav.ts';

const VIEWS_DIR = new URL('./views/', import.meta.url);

/** Compiled page templates. Views use `{{ }}` only (escaped): uploaded text never renders raw. */
export interface Views {
  render(name: string, model: Record<string, unknown>): string;
  /** CSP sources (`'sha256-…'`) of the views' inline styles: the only inline code pages carry. */
  readonly styleHashes: readonly string[];
}

export async function loadViews(): Promise<Views> {
  const hb = Handlebars.create();
  // One formatter for every call: toLocaleString builds a new one each time (slow on long tables).
  const thai = new Intl.NumberFormat('th-TH');
  hb.registerHelper('number', (n: unknown) =>
    typeof n === 'number' || typeof n === 'bigint' ? thai.format(Number(n)) : '-',
  );
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const files = (await readdir(VIEWS_DIR)).filter((f) => f.endsWith('.hbs'));
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const styleHashes = new Set<string>();
  for (const file of files) {
    const source = await readFile(new URL(file, VIEWS_DIR), 'utf8');
    // Inline styles are fixed text in the views: the CSP allows exactly these by hash.
    for (const m of source.matchAll(/<style>([\s\S]*?)<\/style>/gu))
      styleHashes.add(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
    const name = path.basename(file, '.hbs');
    if (name.startsWith('_')) hb.registerPartial(name.slice(1), source);
    else compiled.set(name, hb.compile(source, { strict: false }));
  }
  const layout = compiled.get('layout');
  return {
    styleHashes: [...styleHashes],
    render(name, model) {
      const view = compiled.get(name);
      if (!view || !layout) throw new Error(`no view ${name}`);
      return layout({ nav: currentNav(), ...model, body: new hb.SafeString(view(model)) });
    },
  };
}
