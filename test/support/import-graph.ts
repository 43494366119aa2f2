import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A file's relative imports, as repository paths with forward slashes: `file → [targets]`. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Which paths a folder may import: a target is allowed when it starts with one of the prefixes
 * (`pipeline/` a whole folder, `workers/contract.ts` one file). A folder not listed may import
 * only itself.
 */
export type LayerRules = Readonly<Record<string, readonly string[]>>;

/** The `.ts` files under the given top-level folders, as repository paths. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  return folders.flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => toPosix(path.relative(root, path.join(e.parentPath, e.name)))),
  );
}

/** Reads the relative imports of each file (`import … from`, `export … from`, `import()`). */
export function readImportGraph(root: string, files: readonly string[]): ImportGraph {
  return new Map(
    files.map((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/gu)].map((m) => m[1]!);
      return [
        file,
        specifiers.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s))),
      ];
    }),
  );
}

/** Every edge the rules do not allow, as `from → to`. */
export function layerViolations(graph: ImportGraph, rules: LayerRules): string[] {
  return [...graph].flatMap(([file, targets]) => {
    const folder = file.split('/')[0]!;
    const allowed = [`${folder}/`, ...(rules[folder] ?? [])];
    return targets
      .filter((target) => !allowed.some((prefix) => target.startsWith(prefix)))
      .map((target) => `${file} → ${target}`);
  });
}

/** Every import cycle between files, each as `a → b → … → a`. */
export function importCycles(graph: ImportGraph): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  return cycles;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
