// Builds the `sis` executable ahead of time: one ES module for the command line and one for the
// sandboxed parse children, so neither compiles TypeScript at start. `npm ci` runs it (`prepare`)
// and so does `npm test`; `bin/sis.js` uses the build only while every source it was made from is
// unchanged, and otherwise runs the sources through tsx.
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
    },
    outdir: staging,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrls],
  });
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs).sort()) {
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
