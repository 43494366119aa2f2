import { parseConfig, type Config } from '../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR, loadReference, type Reference } from '../pipeline/reference/reference.ts';
import { SOURCE_PARSE_CHILD, type ParseChild } from '../workers/parse-child.ts';

export interface CliContext {
  readonly config: Config;
  readonly reference: Reference;
  /** How this process's parse children start (built when the executable runs a build). */
  readonly parseChild: ParseChild;
}

let parseChild: ParseChild = SOURCE_PARSE_CHILD;

/** Called once, before any command runs, when the executable runs from a build. */
export function useParseChild(child: ParseChild): void {
  parseChild = child;
}

/** Parses the environment and loads the reference tables: the one start-up step every command shares. */
export async function loadContext(env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const config = parseConfig(env, SHIPPED_REFERENCE_DIR);
  const reference = await loadReference(config.referenceDir);
  return { config, reference, parseChild };
}
