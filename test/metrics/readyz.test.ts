/**
 * `GET /readyz` of the bot started as `npm start` starts it, with two Pax8 accounts played by the
 * sandbox: ready only while the database answers and every account can have a token. `/healthz`
 * stays liveness only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSilentLogger } from '../../src/log.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { type RunningBot, startBot } from '../../src/start-bot.ts';

interface Readiness {
  ready: boolean;
  checks: { name: string; ok: boolean; error?: string }[];
}

async function startWithAccounts(sandbox: Sandbox, secondSecret: string): Promise<RunningBot> {
  const dir = mkdtempSync(join(tmpdir(), 'readyz-'));
  const configFile = join(dir, 'pax8-chatops.yaml');
  writeFileSync(
    configFile,
    'pax8:\n  instances:\n' +
      '    - { name: main, default: true, clientIdEnv: PAX8_MAIN_ID, clientSecretEnv: PAX8_MAIN_SECRET }\n' +
      '    - { name: second, clientIdEnv: PAX8_SECOND_ID, clientSecretEnv: PAX8_SECOND_SECRET }\n',
  );
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dir,
    CONFIG_FILE: configFile,
    PAX8_MAIN_ID: sandbox.clientIds[0] ?? '',
    PAX8_MAIN_SECRET: sandbox.clientSecret,
    PAX8_SECOND_ID: sandbox.clientIds[1] ?? '',
    PAX8_SECOND_SECRET: secondSecret,
    PAX8_BASE_URL: sandbox.baseUrl,
    PAX8_TOKEN_URL: sandbox.tokenUrl,
  });
  return startBot(config, createSilentLogger());
}

const readyz = async (bot: RunningBot): Promise<{ status: number; body: Readiness }> => {
  const response = await fetch(`${bot.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Readiness };
};

describe('readiness with two Pax8 accounts', () => {
  const wrongSecret = 'not-the-secret-of-account-2';
  let sandbox: Sandbox;
  let refused: RunningBot;
  let good: RunningBot;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 7, companies: 5, accounts: 2 });
    // The second account's secret is wrong: the sandbox refuses it every token, as Pax8 refuses a revoked secret.
    refused = await startWithAccounts(sandbox, wrongSecret);
    good = await startWithAccounts(sandbox, sandbox.clientSecret);
  });
  afterAll(async () => {
    await refused.close();
    await good.close().catch(() => undefined);
    await sandbox.close();
  });

  it('is 503 naming the Pax8 account that cannot have a token, while /healthz stays 200', async () => {
    const { status, body } = await readyz(refused);
    expect(status).toBe(503);
    expect(body.ready).toBe(false);
    expect(body.checks.find((c) => c.name === 'database')).toEqual({ name: 'database', ok: true });
    expect(body.checks.find((c) => c.name === 'pax8 account "main"')).toEqual({ name: 'pax8 account "main"', ok: true });
    const second = body.checks.find((c) => c.name === 'pax8 account "second"');
    expect(second?.ok).toBe(false);
    expect(second?.error).toMatch(/401|refused|credentials/i);
    expect(second?.error).not.toContain(wrongSecret);
    expect((await fetch(`${refused.url}/healthz`)).status).toBe(200);
  });

  it('asks the token endpoint at most once per account in five seconds, however often it is probed', async () => {
    const tokenCalls = async () => {
      const text = await (await fetch(`${refused.url}/metrics`)).text();
      return text.split('\n').filter((l) => l.startsWith('pax8chatops_api_calls_total{') && l.includes('route="/token"') && l.includes('account="second"')).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    };
    await readyz(refused);
    const before = await tokenCalls();
    const answers = await Promise.all(Array.from({ length: 10 }, () => readyz(refused)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 503));
    expect(await tokenCalls()).toBe(before);
  });

  it('is 200 when every account has a token and the database answers', async () => {
    const { status, body } = await readyz(good);
    expect(status).toBe(200);
    expect(body).toEqual({ ready: true, checks: [{ name: 'database', ok: true }, { name: 'pax8 account "main"', ok: true }, { name: 'pax8 account "second"', ok: true }] });
  });

  it('is 503 naming the database once the database cannot be queried', async () => {
    // Past the five seconds an outcome is kept.
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    await good.store.close();
    const { status, body } = await readyz(good);
    expect(status).toBe(503);
    expect(body.checks.find((c) => c.name === 'database')?.ok).toBe(false);
    expect(body.checks.find((c) => c.name === 'pax8 account "main"')?.ok).toBe(true);
  });
});
