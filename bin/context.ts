import { parseConfig, type Config } from '../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR, loadReference, type Reference } from '../pipeline/reference/reference.ts';

export interface CliContext {
  readonly config: Config;
  readonly reference: Reference;
}

/** Parses the environment and loads the reference tables: the one start-up step every command shares. */
export async function loadContext(env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const config = parseConfig(env, SHIPPED_REFERENCE_DIR);
  const reference = await loadReference(config.referenceDir);
  return { config, reference };
}
