#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` runs it): compiles src/ to dist/ for `npm start`.
// Each file is transpiled on its own (the sources are `isolatedModules`; `npm run typecheck` checks
// types), relative `.ts` imports become `.js`, and the other files under src/ (migrations, console
// assets, seed data) are copied beside them. The stamp of the sources is written last, so `bin.mjs`
// never runs a half-written or outdated build. `--if-possible` skips quietly when TypeScript is not
// installed (`npm ci --omit=dev`): `npm start` then runs the sources through tsx.
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, URL } from 'node:url';
import { sourceStamp, stampFile } from '../src/start-cli.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'src');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = resolve(root, outIndex >= 0 ? (args[outIndex + 1] ?? 'dist') : 'dist');

let ts;
try {
  ts = (await import('typescript')).default;
} catch {
  if (!args.includes('--if-possible')) throw new Error('TypeScript is not installed: run `npm ci` (with dev dependencies) first.');
  console.log('build skipped: TypeScript is not installed; npm start runs the sources through tsx');
  process.exit(0);
}

const compilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2023,
  verbatimModuleSyntax: true,
  rewriteRelativeImportExtensions: true,
  sourceMap: true,
};

function filesUnder(dir) {
  return ts.sys.readDirectory(dir, undefined, undefined, ['**/*']).map((file) => file.slice(dir.length + 1));
}

const started = performance.now();
const stamp = sourceStamp(srcDir);
const building = `${outDir}.building-${process.pid}`;
rmSync(building, { recursive: true, force: true });
let compiled = 0;
for (const file of filesUnder(srcDir)) {
  const from = join(srcDir, file);
  if (file === 'bin.mjs' || file.startsWith('start-cli.') || file.endsWith('.d.ts')) continue;
  mkdirSync(dirname(join(building, file)), { recursive: true });
  if (!file.endsWith('.ts')) {
    cpSync(from, join(building, file));
    continue;
  }
  const out = join(building, file.replace(/\.ts$/, '.js'));
  const { outputText, sourceMapText, diagnostics = [] } = ts.transpileModule(readFileSync(from, 'utf8'), { compilerOptions, fileName: from, reportDiagnostics: true });
  if (diagnostics.length > 0) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
  writeFileSync(out, outputText);
  if (sourceMapText) writeFileSync(`${out}.map`, sourceMapText);
  compiled += 1;
}
writeFileSync(join(building, stampFile), `${stamp}\n`);
rmSync(outDir, { recursive: true, force: true });
renameSync(building, outDir);
console.log(`built ${compiled} modules into ${outDir} in ${Math.round(performance.now() - started)} ms`);
