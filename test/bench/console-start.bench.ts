/**
 * Start-up benchmark of the embedded default: `node src/bin.mjs serve` (what `npm start` runs) with
 * nothing configured, timed from the spawn to the log line that prints the console's URL, then to
 * the page answering. Twice: with an empty `DATA_DIR` (first start after install: PGlite creates its
 * cluster) and again on the same directory. Prints a table, then one JSON line.
 *
 * Run: `npm run bench:console`
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const root = new URL('../../', import.meta.url).pathname;

interface Start {
  readonly run: string;
  readonly consoleReadyMs: number;
  readonly pageMs: number;
}

async function startOnce(run: string, dataDir: string): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, ['src/bin.mjs', 'serve'], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir, CONFIG_FILE: '', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`serve exited with ${code ?? 'a signal'} before the console was ready`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const found = /"msg":"Console: (http:\/\/\S+\/console) /.exec(line);
        if (found?.[1]) resolve(found[1]);
      });
    });
    const consoleReadyMs = performance.now() - started;
    const page = await fetch(url);
    if (!page.ok) throw new Error(`the console answered ${page.status}`);
    await page.text();
    return { run, consoleReadyMs, pageMs: performance.now() - started };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-start-'));
  try {
    const results = [await startOnce('fresh DATA_DIR', dataDir), await startOnce('existing DATA_DIR', dataDir)];
    console.log('run                 console ready   page served');
    for (const r of results) console.log(`${r.run.padEnd(20)}${`${Math.round(r.consoleReadyMs)} ms`.padStart(13)}${`${Math.round(r.pageMs)} ms`.padStart(14)}`);
    const [fresh, warm] = results;
    console.log(JSON.stringify({ bench: 'console-start', freshMs: Math.round(fresh?.consoleReadyMs ?? 0), warmMs: Math.round(warm?.consoleReadyMs ?? 0), boundMs: 10_000 }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
