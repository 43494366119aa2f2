import http from 'node:http';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';

/** A cell of a downloaded workbook as the file holds it. */
export interface WorkbookCell {
  readonly at: string;
  /** SheetJS's type: `s` text, `n` number, `b` boolean, `d` date, `e` error. */
  readonly type: string;
  readonly value: unknown;
  /** The formula, when the cell holds one (Excel would compute it on opening). */
  readonly formula: string | undefined;
}

/** Every cell of every sheet of an .xlsx, formulas included (read with SheetJS: the exports are written by ExcelJS). */
export function workbookCells(bytes: Uint8Array): WorkbookCell[] {
  const book = XLSX.read(bytes, { type: 'array', cellFormula: true, cellHTML: false, cellNF: false });
  const cells: WorkbookCell[] = [];
  for (const name of book.SheetNames) {
    const sheet = book.Sheets[name]!;
    for (const [address, cell] of Object.entries(sheet)) {
      if (address.startsWith('!')) continue;
      const c = cell as XLSX.CellObject;
      cells.push({ at: `${name}!${address}`, type: c.t, value: c.v, formula: c.f });
    }
  }
  return cells;
}

/** Every field of a CSV text (a BOM dropped). */
export function csvFields(text: string): string[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/u, ''), { skipEmptyLines: true });
  return parsed.data.flat();
}

/** What a spreadsheet would read as the start of a formula (or of a DDE payload). */
export const FORMULA_START = /^[=+\-@\t\r]/u;

/**
 * A GET sent with its path exactly as written: `fetch` resolves `..` and `%2e%2e` segments
 * itself, so it cannot send what a hostile client sends.
 */
export function rawGet(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
