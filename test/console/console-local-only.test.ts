/**
 * In console mode the bot plays approvers, so its whole server answers only this machine: every
 * endpoint (the Teams and Slack doors, the fakes the console serves, health and metrics) refuses a
 * page elsewhere (another `Origin`) and a rebound domain (another `Host`), and the Teams door takes
 * only activities whose `serviceUrl` is the console's own Bot Connector. An HTTP server standing in
 * for an attacker's `serviceUrl` records whether the bot ever called it.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningBot, startBot } from '../../src/start-bot.ts';
import { demoPeople, demoWorkspace } from '../../src/console/demo-people.ts';
import { rawRequest } from '../helpers/raw-request.ts';



/** Where a forged activity asks the bot to send its answers: records every call it gets. */
const attackerCalls: string[] = [];
const attacker = createServer((req, res) => {
  attackerCalls.push(`${req.method ?? ''} ${req.url ?? ''}`);
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
});
let attackerUrl = '';

const tech = demoPeople.find((p) => p.key === 'tech') ?? demoPeople[0];
const personalChat = `a:console-personal-${tech?.key ?? 'tech'}`;

/** A Teams message from the console's requester in their personal chat, naming `serviceUrl`. */
function message(serviceUrl: string, text = 'help', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `m-${Math.random().toString(16).slice(2)}`,
    channelId: 'msteams',
    serviceUrl,
    text,
    from: { id: tech?.teams.id, name: tech?.name, aadObjectId: tech?.teams.aadObjectId },
    recipient: { id: demoWorkspace.teams.botId, name: demoWorkspace.teams.botName },
    conversation: { id: personalChat, conversationType: 'personal', tenantId: demoWorkspace.teams.tenantId },
    channelData: { tenant: { id: demoWorkspace.teams.tenantId } },
    ...extra,
  };
}

describe('console mode answers only this machine, on every endpoint', () => {
  const lines: string[] = [];
  let bot: RunningBot;
  let consoleServiceUrl = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'console-local-')) }, () => undefined);
    bot = await startBot(config, createLogger({ level: 'info', destination: sink }));
    consoleServiceUrl = bot.console?.teamsServiceUrl ?? '';
  }, 60_000);
  afterAll(async () => {
    await bot.close();
    await new Promise((resolve) => attacker.close(resolve));
  });

  const endpoints = [
    ['POST', '/api/messages'],
    ['POST', '/slack/events'],
    ['POST', '/console/teams/v3/conversations/a%3Ax/activities'],
    ['POST', '/console/slack/api/chat.postMessage'],
    ['POST', '/console/api/teams/say'],
    ['GET', '/console/api/state'],
    ['GET', '/console'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/metrics'],
    ['GET', '/nowhere'],
  ] as const;

  it('refuses a cross-site request to every endpoint with 403, and the forged activity reaches nobody', async () => {
    const forged = JSON.stringify(message(attackerUrl));
    for (const [method, path] of endpoints) {
      const headers = { origin: 'http://evil.example', 'content-type': 'text/plain' };
      const answer = await rawRequest(`${bot.url}${path}`, { method, headers, ...(method === 'POST' ? { body: forged } : {}) });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body).toMatch(/^console mode: .{10,100}\n$/);
    }
    await expectAttackerNeverCalled();
  });

  it('refuses a rebound domain (Host: evil.example, on loopback) on every endpoint', async () => {
    for (const [method, path] of endpoints) {
      const answer = await rawRequest(`${bot.url}${path}`, { method, headers: { host: 'evil.example', 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect(answer.status, `${method} ${path}`).toBe(403);
    }
  });

  it('logs each refusal once', async () => {
    const before = lines.length;
    await rawRequest(`${bot.url}/api/messages`, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, body: '{}' });
    const logged = lines.slice(before).map((l) => JSON.parse(l) as { msg: string; path?: string; origin?: string });
    expect(logged.filter((l) => l.path === '/api/messages')).toEqual([expect.objectContaining({ origin: 'http://evil.example', msg: expect.stringMatching(/refused/) })]);
  });

  it('takes a Teams activity only when its serviceUrl is the console’s own Bot Connector', async () => {
    for (const activity of [
      message(attackerUrl),
      message(attackerUrl, 'companies'),
      message(`${attackerUrl}console/teams/`),
      message(consoleServiceUrl.replace('localhost', '127.0.0.1')),
      message(attackerUrl, '', { type: 'conversationUpdate', membersAdded: [{ id: demoWorkspace.teams.botId }] }),
      message(attackerUrl, '', { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: 'x' } }, trigger: 'automatic' } }),
      { ...message(attackerUrl), serviceUrl: undefined },
    ]) {
      const answer = await rawRequest(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(answer.status, String(activity.serviceUrl)).toBe(403);
      expect(answer.body).toMatch(/serviceUrl/);
    }
    await expectAttackerNeverCalled();
  });

  it('still answers the console itself: its page, its API and a Teams message naming its Bot Connector', async () => {
    expect((await rawRequest(`${bot.url}/console`)).status).toBe(200);
    expect((await rawRequest(`${bot.url}/healthz`)).body).toBe('ok\n');
    const say = JSON.stringify({ person: 'tech', conversationId: 'C0GENERAL', text: 'help' });
    expect((await rawRequest(`${bot.url}/console/api/slack/say`, { method: 'POST', headers: { 'content-type': 'application/json', origin: bot.url }, body: say })).status).toBe(200);
    const own = message(consoleServiceUrl);
    const answer = await rawRequest(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(own) });
    expect(answer.status).toBe(200);
    await vi.waitFor(() => expect(bot.console?.fakes.teams.calls.some((c) => c.method === 'POST' && c.activityId === own.id)).toBe(true));
  });

  /**
   * The bot answers in the background, so "never" is checked after an activity the console sent
   * itself has been answered: anything the forged ones set off would have happened by then.
   */
  async function expectAttackerNeverCalled(): Promise<void> {
    const own = message(consoleServiceUrl, 'help');
    expect((await rawRequest(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(own) })).status).toBe(200);
    await vi.waitFor(() => expect(bot.console?.fakes.teams.calls.some((c) => c.method === 'POST' && c.activityId === own.id)).toBe(true));
    expect(attackerCalls).toEqual([]);
  }
});
