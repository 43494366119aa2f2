/** Types of `v8-flags.js` (plain JavaScript: the executable reads it before any TypeScript loader). */
export declare const SIS_V8_FLAGS: readonly string[];
