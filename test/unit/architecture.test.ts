import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LAYERS = ['pipeline', 'templates', 'workers', 'dashboard', 'bin'] as const;
type Layer = (typeof LAYERS)[number];

/** Which folders each folder may import from: `dashboard → workers → pipeline ← templates`, the CLI on top. */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  pipeline: ['pipeline', 'templates'],
  templates: ['templates', 'pipeline'],
  workers: ['workers', 'pipeline', 'templates'],
  dashboard: ['dashboard', 'workers', 'pipeline', 'templates'],
  bin: LAYERS,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/** Relative imports of a file, resolved to repository paths (`import … from`, `export … from`, `import()`). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/gu)].map((m) => m[1]!);
  return specifiers.map((s) => path.relative(ROOT, path.resolve(ROOT, path.dirname(file), s)));
}

const files = LAYERS.flatMap(sourceFiles);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('architecture', () => {
  it('when a folder imports another then the dependency points the allowed way', () => {
    const violations = files.flatMap((file) => {
      const from = file.split(path.sep)[0] as Layer;
      return graph
        .get(file)!
        .filter((target) => !ALLOWED[from].includes(target.split(path.sep)[0] as Layer))
        .map((target) => `${file} → ${target}`);
    });
    expect(violations).toEqual([]);
  });

  it('when modules import each other then there is no cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open')
        return void cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('when the pure core is imported then it reaches no HTTP, queue or CLI library', () => {
    const offenders = files
      .filter((f) => f.startsWith(`pipeline${path.sep}`))
      .filter((f) =>
        /from ['"](express|bullmq|ioredis|commander|multer|handlebars)['"]/u.test(
          readFileSync(path.join(ROOT, f), 'utf8'),
        ),
      );
    expect(offenders).toEqual([]);
  });
});

describe('dependencies', () => {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; resolved?: string; name?: string }>;
  };

  it('when the lockfile resolves SheetJS then it is the maintained 0.20 line, never npm xlsx 0.18', () => {
    const xlsx = Object.entries(lock.packages).filter(
      ([key]) => key === 'node_modules/xlsx' || key.endsWith('/node_modules/xlsx'),
    );
    expect(xlsx.length).toBeGreaterThan(0);
    for (const [, entry] of xlsx) {
      expect(entry.name).toBe('@e965/xlsx');
      expect(entry.version).toMatch(/^0\.(2\d|[3-9]\d)\./u);
    }
    const vulnerable = Object.values(lock.packages).filter((p) =>
      /\/xlsx-0\.1[0-8]\./u.test(p.resolved ?? ''),
    );
    expect(vulnerable).toEqual([]);
  });

  it('when the DuckDB client is resolved then it is the official node-api, not the legacy duckdb package', () => {
    expect(lock.packages['node_modules/@duckdb/node-api']).toBeDefined();
    expect(lock.packages['node_modules/duckdb']).toBeUndefined();
    expect(lock.packages['node_modules/duckdb-async']).toBeUndefined();
  });
});
