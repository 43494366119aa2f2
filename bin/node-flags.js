// V8 flags of the `sis` process itself, set by bin/sis.js as it starts (plain JavaScript: the
// executable reads it before any TypeScript loader; the benchmark starts its end-to-end process
// with the same flags).
//
// V8 lets the old generation grow to up to four times what survived the last full collection
// before it collects again. The process that loads (intake, queues, DuckDB) then peaked 60-90 MB
// higher on a country's round for the same live objects; growing by at most half between full
// collections holds the heap near what is live, for a few per cent more CPU there. The parse
// children get the same flag (workers/parse-child.ts).
export const SIS_V8_FLAGS = ['--heap-growing-percent=50'];
