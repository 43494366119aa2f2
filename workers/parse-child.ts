import { fileURLToPath } from 'node:url';

/**
 * Node flags of the parse children (the benchmark starts its worker-like child with the same).
 * A larger young generation (`--max-semi-space-size=32`) cut the children's GC time on the whole
 * country but lifted a 50,000-row workbook's peak to ~400 MB, the bound: V8's defaults stay.
 */
export const PARSE_CHILD_EXEC_ARGV = ['--import', import.meta.resolve('tsx')];

/** How a sandboxed parse child starts: its processor module and its Node flags. */
export interface ParseChild {
  readonly file: string;
  readonly execArgv: readonly string[];
}

/**
 * The processor from the sources: each child compiles its TypeScript through tsx as it starts
 * (about a second). `bin/` hands a built one to {@link startParseWorker} when it has one.
 */
export const SOURCE_PARSE_CHILD: ParseChild = {
  file: fileURLToPath(new URL('./processors/parse-sandbox.ts', import.meta.url)),
  execArgv: PARSE_CHILD_EXEC_ARGV,
};
