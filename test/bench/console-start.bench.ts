/**
 * Start-up benchmark of the embedded default: `node src/bin.mjs serve` (what `npm start` runs) with
 * nothing configured, timed from the spawn to the log line that prints the console's URL, then to
 * the page answering. Twice: with an empty `DATA_DIR` (first start after install: PGlite creates its
 * cluster) and again on the same directory. Both ways `bin.mjs` can run: the compiled build (after
 * `npm ci`) and the TypeScript sources through tsx (no build). Each start also reports the process's
 * resident memory once the page has answered and the process has settled (idle) and its
 * high-water mark: this process holds the bot, embedded PGlite and the built-in sandbox with its
 * demo data. Prints a table, then one JSON line.
 *
 * Run: `npm run bench:console`
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { type CliRuntime, cliArgs } from '../helpers/cli-runtime.ts';
import { idleRssMb, peakRssMb } from '../helpers/slack-bench-processes.ts';

const root = new URL('../../', import.meta.url).pathname;

interface Start {
  readonly run: string;
  readonly runtime: CliRuntime;
  readonly consoleReadyMs: number;
  readonly pageMs: number;
  readonly idleRssMb: number;
  readonly peakRssMb: number;
}

async function startOnce(runtime: CliRuntime, run: string, dataDir: string): Promise<Start> {
  const args = await cliArgs(runtime);
  const started = performance.now();
  const child = spawn(process.execPath, [...args, 'serve'], {
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
    const pageMs = performance.now() - started;
    const pid = child.pid ?? 0;
    return { run, runtime, consoleReadyMs, pageMs, idleRssMb: await idleRssMb(pid), peakRssMb: peakRssMb(pid) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  }
}

async function startsOf(runtime: CliRuntime): Promise<[Start, Start]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-start-'));
  try {
    return [await startOnce(runtime, 'fresh DATA_DIR', dataDir), await startOnce(runtime, 'existing DATA_DIR', dataDir)];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [fresh, warm] = await startsOf('compiled');
  const [sourcesFresh, sourcesWarm] = await startsOf('sources');
  console.log('code                    run                 console ready   page served   idle RSS   peak RSS');
  for (const r of [fresh, warm, sourcesFresh, sourcesWarm]) {
    const code = r.runtime === 'compiled' ? 'compiled (dist/)' : 'sources through tsx';
    console.log(`${code.padEnd(24)}${r.run.padEnd(20)}${`${Math.round(r.consoleReadyMs)} ms`.padStart(13)}${`${Math.round(r.pageMs)} ms`.padStart(14)}${`${r.idleRssMb} MB`.padStart(11)}${`${r.peakRssMb} MB`.padStart(11)}`);
  }
  console.log(
    JSON.stringify({
      bench: 'console-start',
      freshMs: Math.round(fresh.consoleReadyMs),
      warmMs: Math.round(warm.consoleReadyMs),
      boundMs: 10_000,
      sourcesFreshMs: Math.round(sourcesFresh.consoleReadyMs),
      sourcesWarmMs: Math.round(sourcesWarm.consoleReadyMs),
      idleRssMb: warm.idleRssMb,
      peakRssMb: Math.max(fresh.peakRssMb, warm.peakRssMb),
      sourcesIdleRssMb: sourcesWarm.idleRssMb,
      sourcesPeakRssMb: Math.max(sourcesFresh.peakRssMb, sourcesWarm.peakRssMb),
    }),
  );
}

await main();
