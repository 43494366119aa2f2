// Finds the ahead-of-time build of `sis` (see bin/build.js) and says whether it is up to date.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const BUILD_FILES = {
  main: 'sis.js',
  parseChild: 'parse-sandbox.js',
  manifest: 'manifest.json',
};

/** Where the build lives in a checkout (ignored by git). */
export function buildDir(root) {
  return path.join(root, 'dist');
}

/**
 * The build's files when every source it was made from still has the size and modification time
 * it had then; otherwise (no build, an edited, added-to or deleted source) null. A few hundred
 * `stat` calls: about a millisecond.
 */
export function freshBuild(root) {
  const dir = buildDir(root);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, BUILD_FILES.manifest), 'utf8'));
  } catch {
    return null;
  }
  for (const [input, recorded] of Object.entries(manifest.inputs ?? {})) {
    let now;
    try {
      now = statSync(path.join(root, input));
    } catch {
      return null;
    }
    if (now.mtimeMs !== recorded.mtimeMs || now.size !== recorded.size) return null;
  }
  return { main: path.join(dir, BUILD_FILES.main), parseChild: path.join(dir, BUILD_FILES.parseChild) };
}
