// How `npm start` and `npx pax8-chatops` load the CLI: the compiled JavaScript in `dist/` when it was
// built from the sources as they are now (`npm run build`, which `npm ci` runs through `prepare`),
// else the TypeScript sources through tsx, so a clone, an `npm ci --ignore-scripts` or an edited
// source file still runs. Compiled code starts faster and without tsx's loader in memory.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';

const srcDir = fileURLToPath(new URL('.', import.meta.url));
export const defaultDistDir = fileURLToPath(new URL('../dist/', import.meta.url));
/** Written last by the build: the stamp of the sources it compiled. */
export const stampFile = 'source-stamp.txt';

/** Every file under `dir`, sorted, as paths relative to it (with `/`). */
function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name), base) : [relative(base, join(dir, entry.name)).split('\\').join('/')]))
    .sort();
}

/** A hash of every file's path and content under `dir`: any edit, addition or removal changes it. */
export function sourceStamp(dir = srcDir) {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) hash.update(file).update('\0').update(readFileSync(join(dir, file))).update('\0');
  return hash.digest('hex');
}

/** `<distDir>/cli.js` when `distDir` holds a build of the sources in `dir` as they are now, else undefined. */
export function currentBuild(distDir = defaultDistDir, dir = srcDir) {
  let stamp;
  try {
    stamp = readFileSync(join(distDir, stampFile), 'utf8').trim();
  } catch {
    return undefined;
  }
  return stamp === sourceStamp(dir) ? join(distDir, 'cli.js') : undefined;
}

/** Runs one CLI command from the current build, or from the sources through tsx; resolves with the exit code. */
export async function startCli(argv, distDir = defaultDistDir) {
  const compiled = currentBuild(distDir);
  if (compiled) {
    const { runCli } = await import(pathToFileURL(compiled).href);
    return runCli(argv);
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli } = await import('./cli.ts');
  return runCli(argv);
}
