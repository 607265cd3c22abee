/**
 * The processes of the Slack benchmark, each on its own event loop as in production: the bot
 * (`node src/bin.mjs serve`, compiled or from the sources), the bare Bolt peer and the fake Slack Web API. Only the load
 * generator runs in the benchmark's process, so neither server pays for the other's work.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type CliRuntime, cliArgs } from './cli-runtime.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export interface ServerProcess {
  /** Where it serves (the bot's base URL, the bare app's, the fake's `SLACK_API_URL`). */
  readonly url: string;
  readonly pid: number;
  /** Sends SIGTERM and waits for the exit (a `--cpu-prof` profile is written then). */
  close(): Promise<void>;
  /** Sends `signal` (SIGKILL: no shutdown at all) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A TCP port free now, for `PORT` (the bot's `serve` logs its URL, but a known port is simpler). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Peak resident memory of a running process in MB (`VmHWM`), Linux only; 0 elsewhere. */
export const peakRssMb = (pid: number): number => statusMb(pid, 'VmHWM');

/** Resident memory of a running process now, in MB (`VmRSS`), Linux only; 0 elsewhere. */
export const rssMb = (pid: number): number => statusMb(pid, 'VmRSS');

/** Resident memory once a freshly started server has settled (its start-up work done, nothing asked of it yet). */
export async function idleRssMb(pid: number, settleMs = 3000): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return rssMb(pid);
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Spawns `args` and resolves with the first stdout match of `ready` (its group 1 is the URL). */
function spawnUntil(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, cwd?: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<ServerProcess>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-10_000);
      const url = ready.exec(out)?.[1];
      if (!url || child.pid === undefined) return;
      // Keep reading (and dropping) its output, so a full pipe never blocks it.
      child.stdout?.off('data', onData);
      // BENCH_BOT_LOG=file keeps what the process logs, for reading a run afterwards.
      const keep = process.env['BENCH_BOT_LOG'];
      if (keep) {
        appendFileSync(keep, out);
        child.stdout?.on('data', (more: Buffer) => appendFileSync(keep, more));
      }
      child.stdout?.resume();
      child.off('exit', onExit);
      resolve({ url, pid: child.pid, close: () => stop(child), kill: (signal) => stop(child, signal) });
    };
    const onExit = (code: number | null) => reject(new Error(`${name} exited with code ${code} before it served: ${out}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** The fake Slack Web API (`slack-bench-fake-slack.ts`), knowing `users` for `users.info`. */
export function startFakeSlackProcess(botToken: string, users: readonly { id: string; name: string; email: string }[]): Promise<ServerProcess> {
  const env = { ...process.env, SLACK_BOT_TOKEN: botToken, BENCH_SLACK_USERS: JSON.stringify(users) };
  return spawnUntil('the fake Slack Web API', ['--import', 'tsx', here('./slack-bench-fake-slack.ts')], env, /listening on (\S+)/);
}

/** The bare Bolt peer (`slack-bench-bare-bolt.ts`). */
export function startBareBoltProcess(signingSecret: string, answerAfterMs: number): Promise<ServerProcess> {
  const env = { ...process.env, SLACK_SIGNING_SECRET: signingSecret, BARE_ANSWER_AFTER_MS: String(answerAfterMs) };
  return spawnUntil('the bare Bolt app', ['--import', 'tsx', here('./slack-bench-bare-bolt.ts')], env, /listening on (\S+)/);
}

/** The bare botbuilder peer of the Teams benchmark (`teams-bench-bare-bot.ts`), with the bot's Teams settings. */
export function startBareTeamsProcess(teamsEnv: Record<string, string>): Promise<ServerProcess> {
  return spawnUntil('the bare botbuilder bot', [...benchNodeArgs('BENCH_BARE_NODE_ARGS'), '--import', 'tsx', here('./teams-bench-bare-bot.ts')], { ...process.env, ...teamsEnv }, /listening on (\S+)/);
}

/**
 * `BENCH_BOT_NODE_ARGS`: extra node arguments for the bot's process in any benchmark (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`);
 * `BENCH_BARE_NODE_ARGS` the same for the bare botbuilder bot of the Teams benchmark, to profile both alike.
 */
export function benchNodeArgs(variable: 'BENCH_BOT_NODE_ARGS' | 'BENCH_BARE_NODE_ARGS' = 'BENCH_BOT_NODE_ARGS'): string[] {
  return (process.env[variable] ?? '').split(' ').filter((a) => a !== '');
}

/**
 * The bot as `npm start` runs it, configured only through its environment; `nodeArgs` go to node
 * (e.g. `--cpu-prof`). It runs in `cwd` (a temporary directory), so no `.env` of the checkout
 * leaks into the measurement; `runtime` says whether it runs the compiled build or the sources.
 */
export async function startBotProcess(env: Record<string, string>, cwd: string, nodeArgs: readonly string[] = benchNodeArgs(), runtime: CliRuntime = 'compiled'): Promise<ServerProcess> {
  const port = await freePort();
  const { PATH, HOME } = process.env;
  const childEnv = { ...(PATH ? { PATH } : {}), ...(HOME ? { HOME } : {}), ...env, PORT: String(port) };
  return spawnUntil('the bot', [...nodeArgs, ...(await cliArgs(runtime)), 'serve'], childEnv, /Listening on (http:\/\/[^\s"]+?) \(health/, cwd);
}
