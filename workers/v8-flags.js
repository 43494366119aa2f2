// V8 flags of every `sis` process: the command itself (bin/sis.js sets them as it starts) and
// the parse children (the parse worker starts them with these and one of their own, below).
// Plain JavaScript: the executable reads it before any TypeScript loader.
//
// V8 lets the old generation grow to up to four times what survived the last full collection
// before it collects again. These processes allocate fast, so their peaks stood far above what
// was live: a 50,000-row workbook's child at ~300 MB, or ~200 MB when a collection happened to
// come earlier. Growing by at most half between full collections holds the heap near what is
// live, for a few per cent more CPU. (A larger young generation, `--max-semi-space-size=32`, cut
// the children's GC time on the whole country but lifted that workbook's peak to ~400 MB.)
export const SIS_V8_FLAGS = ['--heap-growing-percent=50'];

// The parse children add one. Each child compiles the parser's hot functions with TurboFan for
// itself, on V8's background threads, and compiles them again after each deoptimisation (a
// template, a reader or a kind of mistake not seen before). By default TurboFan inlines up to 920
// bytes of bytecode into one function, and the validation loop, with zod's parsing inlined into
// it, is a large compile, made again and again in each child. Inlining at most 200 bytes makes
// each of those compiles smaller. Through `npm run bench -- --cli` the two are not told
// apart; the children's CPU over the whole country was lower with it (README, "Parse children:
// one per core, smaller compiles").
export const PARSE_CHILD_V8_FLAGS = [...SIS_V8_FLAGS, '--max-inlined-bytecode-size-cumulative=200'];
