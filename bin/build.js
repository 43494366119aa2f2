// Builds the `sis` executable ahead of time: one ES module for the command line and one for the
// sandboxed parse children, so neither compiles TypeScript at start, with the npm packages they
// load at every start bundled in. `npm ci` runs it (`prepare`) and so does `npm test`;
// `bin/sis.js` uses the build only while every source it was made from is unchanged (and the
// installed packages too), and otherwise runs the sources through tsx.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILD_FILES, buildDir } from './fresh-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = buildDir(root);

/**
 * Files read next to a source (views, reference data, the processor) are found from the source's
 * own place, as when run from the sources: `import.meta.url` becomes the source file's address,
 * relative to the bundle, so a moved checkout still works.
 */
const sourceUrls = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const relative = path.relative(out, args.path).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/**
 * npm packages bundled into the build. A package of many small CommonJS files costs every start:
 * each file is found, read and compiled as a module of its own, and one imported from an ES
 * module is scanned once more for its exports. A one-file `sis ingest` took 1.21 s with BullMQ,
 * DuckDB's client and their dependencies loaded that way, 1.03 s bundled (`npm run
 * bench:startup`). Bundled are the JavaScript packages of many files that the command, the
 * loader and the parse children load (none reads its own files by path); left outside are native addons (DuckDB's bindings,
 * msgpackr's optional extractor), packages that find their own files by path at run time (pino's
 * transport workers, exceljs), those only `sis serve` or a rare command loads, and the small
 * dependencies of the bundled ones (a file or two each: no measurable gain when tried).
 * `sis serve`'s queue board (@bull-board) loads BullMQ from node_modules beside the bundled copy;
 * it accepts our queues by their BullMQ version, not by class. A hand edit inside node_modules
 * needs `npm run build`: freshness follows npm's record of what is installed.
 */
const BUNDLED_PACKAGES = new Set([
  '@duckdb/node-api',
  'bullmq',
  'cli-progress',
  'commander',
  'cron-parser',
  'ioredis',
  'kysely',
  'luxon',
  'msgpackr',
  'papaparse',
  'semver',
  'zod',
]);

/** `lodash/fp` → `lodash`, `@duckdb/node-api/x` → `@duckdb/node-api`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every bare import outside BUNDLED_PACKAGES (and every `node:` builtin) stays an import. */
const bundledPackages = {
  name: 'bundled-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      return BUNDLED_PACKAGES.has(packageName(args.path)) ? undefined : { external: true };
    });
  },
};

/**
 * Bundled CommonJS code in an ES module still calls `require` (for builtins and the packages left
 * outside) and reads `__filename` and `__dirname`: BullMQ's worker forks `main.js` from its own
 * folder, and ioredis passes `__dirname` when it shortens a failed command's stack
 * (`showFriendlyErrorStack`, which a Redis URL's query can turn on).
 */
const COMMONJS_GLOBALS = [
  "import { createRequire as __sisCreateRequire } from 'node:module';",
  "import { dirname as __sisDirname } from 'node:path';",
  "import { fileURLToPath as __sisFileURLToPath } from 'node:url';",
  'const require = __sisCreateRequire(import.meta.url);',
  'const __filename = __sisFileURLToPath(import.meta.url);',
  'const __dirname = __sisDirname(__filename);',
].join('\n');

/**
 * BullMQ's sandboxed worker forks `main.js` from the folder of its own code, which, bundled, is
 * the build's: so its child wrapper is built there under that name. The child imports the parse
 * processor (BUILD_FILES.parseChild) by its path.
 */
const BULLMQ_CHILD_MAIN = { main: 'node_modules/bullmq/dist/cjs/classes/main.js' };

/** The hidden lock file npm rewrites whenever it changes what is installed. */
const INSTALLED = 'node_modules/.package-lock.json';

/**
 * The files the build's freshness is judged by: our sources, and for the bundled packages npm's
 * record of what is installed (npm gives package files one fixed time, so theirs say little),
 * or each package file where that record is missing.
 */
async function freshnessInputs(metafileInputs) {
  const all = Object.keys(metafileInputs).sort();
  const isPackage = (input) => input.startsWith('node_modules/');
  const packages = await stat(path.join(root, INSTALLED)).then(
    () => [INSTALLED],
    () => all.filter(isPackage),
  );
  return [...all.filter((input) => !isPackage(input)), ...packages];
}

async function main() {
  const started = Date.now();
  const staging = `${out}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      [BUILD_FILES.main.replace(/\.js$/u, '')]: 'bin/main.ts',
      [BUILD_FILES.parseChild.replace(/\.js$/u, '')]: 'workers/processors/parse-sandbox.ts',
      ...BULLMQ_CHILD_MAIN,
    },
    outdir: staging,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: COMMONJS_GLOBALS },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrls, bundledPackages],
  });
  const inputs = {};
  for (const input of await freshnessInputs(result.metafile.inputs)) {
    const s = await stat(path.join(root, input));
    // A source edited while the build read it is not what was built: leave it out of date.
    inputs[input] = s.mtimeMs > started ? { mtimeMs: -1, size: -1 } : { mtimeMs: s.mtimeMs, size: s.size };
  }
  await writeFile(path.join(staging, BUILD_FILES.manifest), `${JSON.stringify({ inputs }, null, 1)}\n`);
  await rm(out, { recursive: true, force: true });
  await rename(staging, out);
  process.stderr.write(`build: ${Object.keys(inputs).length} sources in ${Date.now() - started} ms\n`);
}

await main();
