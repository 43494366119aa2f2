/** Types of `fresh-build.js` (plain JavaScript: the executable reads it before any TypeScript loader). */
export declare const BUILD_FILES: {
  readonly main: string;
  readonly parseChild: string;
  readonly manifest: string;
};
export declare function buildDir(root: string): string;
export declare function freshBuild(root: string): { main: string; parseChild: string } | null;
