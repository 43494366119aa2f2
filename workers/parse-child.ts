import { fileURLToPath } from 'node:url';

/**
 * V8 flags of every parse child, built or from the sources. V8 lets the old generation grow to
 * up to four times what survived the last full collection before it collects again; a parse
 * child allocates fast, so a 50,000-row workbook's peak was ~300 MB for ~60 MB of live rows, or
 * ~200 MB when a collection happened to come earlier. Growing by at most half between full
 * collections holds it near the lower figure. (A larger young generation,
 * `--max-semi-space-size=32`, cut GC time on the whole country but lifted that peak to ~400 MB.)
 */
export const PARSE_CHILD_V8_FLAGS: readonly string[] = ['--heap-growing-percent=50'];

/** Loads the TypeScript sources. */
export const TSX_LOADER: readonly string[] = ['--import', import.meta.resolve('tsx')];

/**
 * Node flags of a child that parses workbooks, run from the sources: the roster preview's child
 * and the benchmark's start-up figure use them (the parse worker adds the V8 flags itself).
 */
export const PARSE_CHILD_EXEC_ARGV = [...TSX_LOADER, ...PARSE_CHILD_V8_FLAGS];

/** How a sandboxed parse child starts: its processor module and its Node flags. */
export interface ParseChild {
  readonly file: string;
  /** Flags to load the processor (tsx for the sources); {@link PARSE_CHILD_V8_FLAGS} are added to them. */
  readonly execArgv: readonly string[];
}

/**
 * The processor from the sources: each child compiles its TypeScript through tsx as it starts
 * (about a second). `bin/` hands a built one to {@link startParseWorker} when it has one.
 */
export const SOURCE_PARSE_CHILD: ParseChild = {
  file: fileURLToPath(new URL('./processors/parse-sandbox.ts', import.meta.url)),
  execArgv: TSX_LOADER,
};
