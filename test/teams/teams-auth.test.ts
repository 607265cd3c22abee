import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createFakeBotConnector } from '../../src/fakes/bot-connector.ts';
import { createSilentLogger } from '../../src/log.ts';
import { type RunningBot, startBot } from '../../src/start-bot.ts';
import { personalMessage } from '../helpers/teams-activities.ts';
import { people } from '../helpers/teams-harness.ts';

describe('Teams with an app id set', () => {
  let bot: RunningBot;
  const connector = createFakeBotConnector();
  const connectorServer = createServer((req, res) => void connector.handle(req, res));
  let serviceUrl = '';
  const post = (body: string, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(`${bot.url}/api/messages`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'POST' ? { body } : {}) });

  beforeAll(async () => {
    await new Promise<void>((resolve) => connectorServer.listen(0, '127.0.0.1', resolve));
    serviceUrl = `http://127.0.0.1:${(connectorServer.address() as AddressInfo).port}/`;
    const env = {
      PORT: '0', SANDBOX_PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'teams-auth-')),
      MicrosoftAppId: '5f0c3b9e-0000-4000-8000-00000000b0t1', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppTenantId: '50612dbb-0237-4969-b378-8d42590f9c00',
    };
    bot = await startBot(loadConfig(env, () => undefined), createSilentLogger());
  });
  afterAll(async () => {
    await bot.close();
    await new Promise((resolve) => connectorServer.close(resolve));
  });

  it('refuses an activity without a token, or with one that is not a Bot Framework JWT, and answers nothing', async () => {
    const activity = JSON.stringify(personalMessage(serviceUrl, people.tech, 'help'));
    expect((await post(activity)).status).toBe(401);
    expect((await post(activity, { authorization: 'Bearer not-a-jwt' })).status).toBe(401);
    // A token from a foreign issuer is refused before any signing key is fetched (tests stay offline).
    const foreign = ['{"alg":"RS256","typ":"JWT","kid":"k"}', '{"iss":"https://evil.example","aud":"5f0c3b9e-0000-4000-8000-00000000b0t1"}'].map((p) => Buffer.from(p).toString('base64url')).join('.');
    expect((await post(activity, { authorization: `Bearer ${foreign}.c2ln` })).status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it('takes only POSTed JSON objects of a sane size', async () => {
    expect((await post('', {}, 'GET')).status).toBe(405);
    expect((await post('not json')).status).toBe(400);
    expect((await post('[1]')).status).toBe(400);
    expect((await post(JSON.stringify({ text: 'x'.repeat(300_000) }))).status).toBe(413);
  });
});
