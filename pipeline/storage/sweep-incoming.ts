import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes temporary upload files older than `olderThanMs` (left by a process that died while an
 * upload arrived). Younger ones may belong to an upload in progress in another process sharing the
 * folder, so they stay. Returns how many were removed.
 */
export async function sweepIncoming(dir: string, now: Date, olderThanMs: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith('.part'))) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info || now.getTime() - info.mtimeMs < olderThanMs) continue;
    await rm(file, { force: true });
    removed += 1;
  }
  return removed;
}
