import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type Config } from '../pipeline/config.ts';
import { loadReference, type Reference } from '../pipeline/reference/reference.ts';

/** The `data/` folder of this checkout: reference CSVs shipped with the code. */
export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data');

export interface CliContext {
  readonly config: Config;
  readonly reference: Reference;
}

/** Parses the environment and loads the reference tables: the one start-up step every command shares. */
export async function loadContext(env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const config = parseConfig(env, REFERENCE_DIR);
  const reference = await loadReference(config.referenceDir);
  return { config, reference };
}
