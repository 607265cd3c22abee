/**
 * How a test or benchmark starts the CLI in a child process, either way `bin.mjs` can run it: the
 * compiled JavaScript in `dist/` (built first when missing or outdated) or the TypeScript sources
 * through tsx (what `bin.mjs` falls back to without a current build).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { currentBuild } from '../../src/start-cli.mjs';

export type CliRuntime = 'compiled' | 'sources';

const bin = fileURLToPath(new URL('../../src/bin.mjs', import.meta.url));
const startCliUrl = new URL('../../src/start-cli.mjs', import.meta.url).href;
const buildScript = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));

/** Runs `npm run build` (into `outDir`, default `dist/`) and resolves once it is written. */
export function build(outDir?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [buildScript, ...(outDir ? ['--out', outDir] : [])], { timeout: 300_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`the build failed: ${stderr}`)) : resolve()));
  });
}

/** Node arguments that run the CLI from `distDir`'s build when it is current, else from the sources (before the command's own arguments). */
export function cliArgsWithDist(distDir: string): string[] {
  return ['--input-type=module', '-e', `import { startCli } from ${JSON.stringify(startCliUrl)}; process.exitCode = await startCli(process.argv.slice(1), ${JSON.stringify(distDir)});`];
}

/** Node arguments that start the CLI the given way (before the command's own arguments). */
export async function cliArgs(runtime: CliRuntime): Promise<string[]> {
  if (runtime === 'sources') return cliArgsWithDist(fileURLToPath(new URL('../../.dist-none/', import.meta.url)));
  if (!currentBuild()) await build();
  return [bin];
}
