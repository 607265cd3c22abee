import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckResults, runChecks, slackCheck, slackSocketModeCheck } from '../src/check/run-checks.ts';
import { startFakeSlackWebApi } from '../src/fakes/slack-web-api.ts';

describe('runChecks', () => {
  it('reports each check, keeps going after a failure and redacts what it prints', async () => {
    const results = await runChecks([
      { name: 'first', run: () => Promise.resolve('fine') },
      { name: 'second', run: () => Promise.reject(new Error('refused Bearer abcdefghijklmnop')) },
      { name: 'third', run: () => new Promise(() => undefined) },
    ], 50);
    expect(results).toEqual([
      { name: 'first', ok: true, detail: 'fine' },
      { name: 'second', ok: false, detail: 'refused Bearer [redacted]' },
      { name: 'third', ok: false, detail: 'third did not answer within 0.05 s' },
    ]);
    expect(formatCheckResults(results).split('\n')[1]).toMatch(/^FAIL {2}second/);
  });
});

describe('slackCheck', () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    const good = req.headers.authorization === 'Bearer xoxb-good';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(good ? { ok: true, team: 'MSP', user: 'pax8bot' } : { ok: false, error: 'invalid_auth' }));
  });
  let apiUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('calls auth.test with the bot token', async () => {
    await expect(slackCheck(apiUrl, 'xoxb-good').run()).resolves.toBe('bot pax8bot in workspace MSP');
    expect(seen.at(-1)).toBe('POST /api/auth.test Bearer xoxb-good');
  });

  it('says why a token is refused', async () => {
    await expect(slackCheck(apiUrl, 'xoxb-bad').run()).rejects.toThrow('invalid_auth');
  });
});

describe('slackSocketModeCheck', () => {
  it('opens a Socket Mode URL with the app-level token, and says why a token is refused', async () => {
    const slack = await startFakeSlackWebApi({ botToken: 'xoxb-good', socketMode: { appToken: 'xapp-good' } });
    try {
      await expect(slackSocketModeCheck(slack.apiUrl, 'xapp-good').run()).resolves.toBe('the app-level token may open Socket Mode connections');
      await expect(slackSocketModeCheck(slack.apiUrl, 'xapp-bad').run()).rejects.toThrow('refused the app-level token (SLACK_APP_TOKEN): invalid_auth');
      await expect(slackSocketModeCheck(slack.apiUrl, 'xoxb-good').run()).rejects.toThrow('not_allowed_token_type');
      expect(slack.fake.callsOf('apps.connections.open').map((c) => c.response['ok'])).toEqual([true, false, false]);
    } finally {
      await slack.close();
    }
  });
});
