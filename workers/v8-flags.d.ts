/** Types of `v8-flags.js` (plain JavaScript: the executable reads it before any TypeScript loader). */
export declare const SIS_V8_FLAGS: readonly string[];
/** {@link SIS_V8_FLAGS} and the parse children's own. */
export declare const PARSE_CHILD_V8_FLAGS: readonly string[];
