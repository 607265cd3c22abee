import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { collect } from '../src/pax8/index.ts';
import { type RunningBot, startBot } from '../src/start-bot.ts';
import { postgresBackends, type TestDatabase } from './helpers/db-backends.ts';

describe('startBot with nothing configured', () => {
  const lines: string[] = [];
  let bot: RunningBot;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'bot-data-')) }, () => undefined);
    bot = await startBot(config, createLogger({ destination: sink }));
  });
  afterAll(() => bot.close());

  it('says what it chose: the sandbox, embedded PGlite, the local console playing both platforms', () => {
    const said = lines.map((l) => (JSON.parse(l) as { msg: string }).msg).join('\n');
    expect(said).toMatch(/Pax8: no credentials set, using the built-in sandbox at http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(said).toContain('Database: embedded PGlite in');
    expect(said).toMatch(/Listening on http:\/\/localhost:\d+/);
    expect(said).toContain('Slack: played by the local console');
    expect(said).toMatch(/Console: http:\/\/localhost:\d+\/console/);
  });

  it('reaches the in-process sandbox through the real client', async () => {
    const companies = await collect(bot.pax8.get().companies.list(), { max: 3 });
    expect(companies).toHaveLength(3);
    expect(companies[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers health, readiness and metrics', async () => {
    expect(await (await fetch(`${bot.url}/healthz`)).text()).toBe('ok\n');
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: [{ name: 'database', ok: true }, { name: 'pax8 account "sandbox"', ok: true }] });
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect((await fetch(`${bot.url}/nowhere`)).status).toBe(404);
  });

  it('follows the sandbox clock', async () => {
    const before = bot.clock.now().getTime();
    const response = await fetch(`${bot.sandbox?.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'P8D' }) });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const moved = bot.clock.now().getTime() - before;
    expect(moved).toBeGreaterThanOrEqual(8 * 86_400_000);
    expect(moved).toBeLessThan(8 * 86_400_000 + 60_000);
  });
});

describe.each(postgresBackends)('startBot on PostgreSQL ($name)', (backend) => {
  let database: TestDatabase;
  let bot: RunningBot;

  beforeAll(async () => {
    database = await backend.create();
    const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'bot-data-')), DATABASE_URL: database.url, LOG_LEVEL: 'silent' }, () => undefined);
    bot = await startBot(config, createLogger({ level: 'silent' }));
  });
  afterAll(async () => {
    await bot.close();
    await database.dispose();
  });

  it('books every Pax8 call in the budget the replicas share', async () => {
    await collect(bot.pax8.get().companies.list(), { max: 1 });
    const rows = await bot.store.db.query<{ account: string; calls: string }>('SELECT account, count(*) AS calls FROM pax8_call_starts GROUP BY account');
    expect(rows).toEqual([{ account: 'sandbox', calls: expect.stringMatching(/^[1-9]\d*$/) }]);
  });
});
