import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  importCycles,
  layerViolations,
  readImportGraph,
  sourceFiles,
  type LayerRules,
} from '../support/import-graph.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The intended graph, one way only: `bin → dashboard → workers(contract) → pipeline → templates`,
 * with `synthetic/` beside for bin/ and test/. Nothing imports bin/, test/ or synthetic/ except
 * as listed; a folder may always import itself.
 */
const RULES: LayerRules = {
  bin: ['dashboard/', 'workers/', 'pipeline/', 'templates/', 'synthetic/'],
  dashboard: ['pipeline/', 'workers/contract.ts'],
  workers: ['pipeline/', 'templates/'],
  pipeline: ['templates/'],
  templates: [],
  synthetic: ['pipeline/', 'templates/'],
};

const files = sourceFiles(ROOT, Object.keys(RULES));
const graph = readImportGraph(ROOT, files);

describe('architecture', () => {
  it('when a folder imports another then the dependency points the allowed way', () => {
    expect(layerViolations(graph, RULES)).toEqual([]);
  });

  it('when modules import each other then there is no cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('when a back-edge or a cycle is reintroduced then the checks name it', () => {
    const fixture = new Map<string, string[]>([
      ['pipeline/read/a.ts', ['templates/definitions.ts', 'pipeline/read/b.ts']],
      ['pipeline/read/b.ts', ['pipeline/read/a.ts']],
      ['templates/definitions.ts', ['pipeline/errors.ts']],
      ['dashboard/app.ts', ['workers/contract.ts', 'workers/loader.ts']],
      ['workers/loader.ts', ['synthetic/generate.ts', 'bin/main.ts']],
    ]);
    expect(layerViolations(fixture, RULES)).toEqual([
      'templates/definitions.ts → pipeline/errors.ts',
      'dashboard/app.ts → workers/loader.ts',
      'workers/loader.ts → synthetic/generate.ts',
      'workers/loader.ts → bin/main.ts',
    ]);
    expect(importCycles(fixture)).toEqual(['pipeline/read/a.ts → pipeline/read/b.ts → pipeline/read/a.ts']);
  });

  it('when the pure core is imported then it reaches no HTTP, queue or CLI library', () => {
    const offenders = files
      .filter((f) => f.startsWith('pipeline/') || f.startsWith('templates/'))
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
