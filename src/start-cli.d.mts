/** The directory `npm run build` writes to: `dist/` beside `src/`. */
export declare const defaultDistDir: string;
/** The file in a build that holds the stamp of the sources it was built from. */
export declare const stampFile: string;
/** A hash of every file's path and content under `dir` (default: `src/`). */
export declare function sourceStamp(dir?: string): string;
/** `<distDir>/cli.js` when `distDir` holds a build of the sources in `dir` as they are now, else undefined. */
export declare function currentBuild(distDir?: string, dir?: string): string | undefined;
/** Runs one CLI command from the current build, or from the sources through tsx; resolves with the exit code. */
export declare function startCli(argv: readonly string[], distDir?: string): Promise<number>;
