import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');

/**
 * Packages of many small files that every `sis` start and every parse child would load. (The
 * parse child still loads BullMQ's two error classes from node_modules, on purpose, through
 * `createRequire` in workers/processors/job-errors.ts; they are matched by name.)
 */
const MUST_BE_BUNDLED = ['bullmq', 'ioredis', '@duckdb/node-api', 'kysely', 'zod', 'commander', 'papaparse'];
/** A native addon: it cannot be bundled and must still be loaded from node_modules. */
const NATIVE = '@duckdb/node-bindings';

/**
 * Bare specifiers a built file imports or requires at run time (`node:` builtins left out): the
 * statements esbuild writes, at the start of a line (bundled packages' comments quote imports too).
 */
function runtimeSpecifiers(code: string): Set<string> {
  const found = new Set<string>();
  const patterns = [
    /^(?:import|export|\})[^\n]*?\bfrom\s*"([^"./][^"]*)";$/gmu,
    /^import\s*"([^"./][^"]*)";$/gmu,
    /\b(?:__require|require|import)\(\s*"([^"./][^"]*)"\s*\)/gu,
  ];
  for (const pattern of patterns)
    for (const match of code.matchAll(pattern)) if (!match[1]!.startsWith('node:')) found.add(match[1]!);
  return found;
}

async function builtFiles(): Promise<Map<string, string>> {
  const names = (await readdir(DIST)).filter((name) => name.endsWith('.js'));
  return new Map(
    await Promise.all(
      names.map(async (name) => [name, await readFile(path.join(DIST, name), 'utf8')] as const),
    ),
  );
}

/** The ahead-of-time build (`npm test` runs `npm run build` first). */
describe('the build of sis', () => {
  it('when built then the packages every start loads are inside it and the native addon is not', async () => {
    const specifiers = new Set<string>();
    for (const code of (await builtFiles()).values())
      for (const s of runtimeSpecifiers(code)) specifiers.add(s);
    for (const name of MUST_BE_BUNDLED)
      expect([...specifiers].filter((s) => s === name || s.startsWith(`${name}/`))).toEqual([]);
    expect([...specifiers]).toContain(NATIVE);
  });

  it('when built then BullMQ finds its child wrapper main.js beside its bundled code', async () => {
    const files = await builtFiles();
    // The bundled worker looks for main.js in the folder of the file holding its code: dist/.
    expect([...files.values()].some((code) => code.includes('workerThreadsMainFile'))).toBe(true);
    expect(files.get('main.js')).toContain('bullmq/dist/cjs/classes/main-base.js');
    // Starting it is what every test of `bin/sis.js ingest` does (cli.test.ts, worker-crash.test.ts).
  });

  it('when built then bundled CommonJS has require, __filename and __dirname in every file', async () => {
    for (const [name, code] of await builtFiles())
      for (const global of ['const require =', 'const __filename =', 'const __dirname ='])
        expect(code.includes(global), `${name}: ${global}`).toBe(true);
  });

  it('when built then its freshness follows our sources and npm record of what is installed, not each package file', async () => {
    const manifest = JSON.parse(await readFile(path.join(DIST, 'manifest.json'), 'utf8')) as {
      inputs: Record<string, { mtimeMs: number; size: number }>;
    };
    const inputs = Object.keys(manifest.inputs);
    const installed = await stat(path.join(ROOT, 'node_modules', '.package-lock.json')).then(
      () => true,
      () => false,
    );
    const packageInputs = inputs.filter((i) => i.startsWith('node_modules/'));
    // Without npm's record (another package manager) every bundled package file is checked.
    if (installed) expect(packageInputs).toEqual(['node_modules/.package-lock.json']);
    else expect(packageInputs.length).toBeGreaterThan(100);
    expect(inputs).toContain('bin/main.ts');
    expect(inputs).toContain('workers/processors/parse-sandbox.ts');
  });
});
