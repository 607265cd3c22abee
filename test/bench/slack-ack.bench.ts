/**
 * Slack acknowledgement benchmark: `/pax8 companies` at rising concurrency against the whole bot
 * (signed requests over HTTP to `/slack/events`, the Slack Web API and `response_url` answered by
 * the fake, Pax8 by the sandbox in its own process at 300 ms latency), next to a bare Bolt app
 * that only acknowledges the same requests on the same machine, in the same run. Slack wants the
 * acknowledgement within 3 s; the goal is p99 under 100 ms at 200 concurrent commands and within
 * 1.5× of bare Bolt. Prints a table, then one JSON line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, HTTPReceiver } from '@slack/bolt';
import { loadConfig } from '../../src/config.ts';
import { startFakeSlackWebApi } from '../../src/fakes/slack-web-api.ts';
import { createSilentLogger } from '../../src/log.ts';
import { startBot } from '../../src/start-bot.ts';
import { postSigned, signatureSample, slashCommandBody } from '../helpers/slack-requests.ts';
import { startSandboxProcess } from '../helpers/sandbox-process.ts';

const levels = (process.env.BENCH_LEVELS ?? '10,50,100,200').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 300);
const botToken = 'xoxb-bench';
const users = Array.from({ length: 20 }, (_, i) => ({ id: `U0BENCH${i}`, name: `tech${i}`, email: `tech${i}@msp.example` }));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round1 = (n: number) => Math.round(n * 10) / 10;

interface Level { concurrency: number; p50: number; p99: number; throughput: number; errors: number }

/** Fires `concurrency` signed commands at once, `rounds` times; ack latency is the time to the HTTP response. */
async function measure(url: string, concurrency: number, responseUrl: (channel: string, user: string) => string): Promise<Level> {
  const latencies: number[] = [];
  let errors = 0;
  let elapsed = 0;
  for (let r = 0; r < rounds; r += 1) {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, i) => {
        const user = users[i % users.length]?.id ?? 'U0BENCH0';
        const body = slashCommandBody({ user, channel: 'C0BENCH', text: 'companies', responseUrl: responseUrl('C0BENCH', user) });
        const t0 = performance.now();
        const response = await postSigned(url, body);
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (response.status !== 200) errors += 1;
      }),
    );
    elapsed += performance.now() - started;
  }
  latencies.sort((a, b) => a - b);
  return { concurrency, p50: round1(percentile(latencies, 50)), p99: round1(percentile(latencies, 99)), throughput: Math.round((concurrency * rounds) / (elapsed / 1000)), errors };
}

async function startBareBolt(): Promise<{ url: string; close(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: signatureSample.signing_secret, endpoints: ['/slack/events'] });
  const app = new App({ token: botToken, botId: 'B0BOT', botUserId: 'U0BOT', tokenVerificationEnabled: false, receiver });
  app.command('/pax8', async ({ ack }) => {
    await ack();
  });
  const server = await receiver.start(0);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => receiver.stop() };
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess(['--seed', '7', '--companies', '30', '--latency-ms', String(latencyMs), '--rate-limit', '100000']);
  const slack = await startFakeSlackWebApi({ botToken, users });
  const dir = mkdtempSync(join(tmpdir(), 'slack-bench-'));
  writeFileSync(join(dir, 'pax8-chatops.yaml'), 'roles:\n  requesters: ["*"]\npax8:\n  rateLimitPerMinute: 100000\n');
  const config = loadConfig({
    PORT: '0', DATA_DIR: dir, CONFIG_FILE: join(dir, 'pax8-chatops.yaml'),
    PAX8_CLIENT_ID: sandbox.clientId, PAX8_CLIENT_SECRET: sandbox.clientSecret, PAX8_BASE_URL: sandbox.baseUrl, PAX8_TOKEN_URL: sandbox.tokenUrl,
    SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signatureSample.signing_secret, SLACK_API_URL: slack.apiUrl,
  });
  const bot = await startBot(config, createSilentLogger());
  const bare = await startBareBolt();
  const responseUrl = (channel: string, user: string) => slack.fake.responseUrl(channel, user);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => void (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    await measure(bot.url, 10, responseUrl); // warm-up: JIT, token, first Pax8 page, users.info cache
    await measure(bare.url, 10, responseUrl);
    const rows: { level: Level; bare: Level }[] = [];
    for (const concurrency of levels) {
      // Alternate, so drift on the machine hits both the same way.
      const level = await measure(bot.url, concurrency, responseUrl);
      const bareLevel = await measure(bare.url, concurrency, responseUrl);
      rows.push({ level, bare: bareLevel });
    }
    const answers = slack.fake.callsOf('response_url').length;
    console.log(`\nSlack ack latency, sandbox at ${latencyMs} ms, ${rounds} rounds per level (ms)`);
    console.log('concurrency | bot p50 | bot p99 | bare p50 | bare p99 | bot acks/s | bare acks/s | errors');
    for (const { level, bare: b } of rows) {
      console.log(`${String(level.concurrency).padStart(11)} | ${String(level.p50).padStart(7)} | ${String(level.p99).padStart(7)} | ${String(b.p50).padStart(8)} | ${String(b.p99).padStart(8)} | ${String(level.throughput).padStart(10)} | ${String(b.throughput).padStart(11)} | ${level.errors + b.errors}`);
    }
    console.log(`answers sent through response_url by the end: ${answers}`);
    const top = rows.at(-1);
    if (!top) throw new Error('no levels measured');
    const ratio = Math.round((top.level.p99 / Math.max(top.bare.p99, 0.1)) * 100) / 100;
    const result = {
      bench: 'slack-ack',
      concurrency: top.level.concurrency,
      p50Ms: top.level.p50,
      p99Ms: top.level.p99,
      bareP50Ms: top.bare.p50,
      bareP99Ms: top.bare.p99,
      ratio,
      throughput: top.level.throughput,
      bareThroughput: top.bare.throughput,
      rssMb: Math.round(peakRss / 1_048_576),
      goalMet: top.level.p99 < 100 && ratio <= 1.5,
    };
    console.log(JSON.stringify(result));
  } finally {
    clearInterval(sampler);
    await bare.close();
    await bot.close();
    await slack.close();
    await sandbox.close();
  }
}

await main();
