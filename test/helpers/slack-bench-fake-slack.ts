/**
 * The fake Slack Web API for the Slack benchmark, run as its own process so recording the bot's
 * answers costs neither the bot nor the load generator CPU. Besides the fake's own routes it serves
 * two bench routes:
 *
 * - `GET …/__bench/response-urls?run=<id>&count=<n>`: `n` fresh `response_url`s, one per command,
 *   each its own target, so every command's answers can be told apart;
 * - `GET …/__bench/answers?run=<id>`: for each command of that run, when its final answer arrived
 *   (epoch ms) or `null`. "Final" means the last post is not the "⏳ working on it" message the bot
 *   shows when an answer takes longer than 1.5 s; the benchmark drains a level on it.
 *
 * Started by `startFakeSlackProcess`; prints `listening on <apiUrl>` once it serves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeSlackWebApi, type FakeSlackCall } from '../../src/fakes/slack-web-api.ts';

const users = JSON.parse(process.env['BENCH_SLACK_USERS'] ?? '[]') as { id: string; name: string; email: string }[];
const fake = createFakeSlackWebApi({ botToken: process.env['SLACK_BOT_TOKEN'] ?? '', users });

/** Per run, per command index: the final answer's time, `undefined` while none came. */
const finals = new Map<string, (number | undefined)[]>();
let failed = 0;

fake.on('change', (call: FakeSlackCall) => {
  if (call.method !== 'response_url') return;
  if (call.response.ok !== true) failed += 1;
  const target = call.args['target'] as { channel?: string } | undefined;
  const [run, index] = (target?.channel ?? '').split('#');
  const slots = run === undefined ? undefined : finals.get(run);
  if (!slots || index === undefined) return;
  const working = JSON.stringify(call.args['blocks'] ?? '').includes('⏳') || (typeof call.args['text'] === 'string' && call.args['text'].startsWith('⏳'));
  slots[Number(index)] = working ? undefined : call.at;
});

function bench(url: URL, res: ServerResponse): void {
  const run = url.searchParams.get('run') ?? '';
  let body: unknown;
  if (url.pathname.endsWith('/response-urls')) {
    const count = Number(url.searchParams.get('count') ?? 0);
    finals.set(run, Array.from({ length: count }, () => undefined));
    // The channel names the run and command; the fake keeps each answer under it.
    body = Array.from({ length: count }, (_, i) => fake.responseUrl(`${run}#${i}`, 'U0BENCH'));
  } else {
    body = { answers: (finals.get(run) ?? []).map((at) => at ?? null), failed };
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://fake');
  if (url.pathname.includes('/__bench/')) return bench(url, res);
  fake.handler(req, res);
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
console.log(`listening on ${fake.baseUrl}`);
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
