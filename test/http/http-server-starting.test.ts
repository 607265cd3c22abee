/**
 * The bot listens before its chat platforms are mounted (Teams needs the address it listens on). A
 * delivery that arrives in between must be sent again, not dropped: it gets 503 with `Retry-After`,
 * which Slack, Teams and load balancers take as "try again", where a 404 would lose the command.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { createHttpServer, type HttpServer } from '../../src/http/create-http-server.ts';
import { createSilentLogger } from '../../src/log.ts';

describe('the HTTP server while the bot is starting', () => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('answers 503 with Retry-After for paths not mounted yet and is not ready, then 404 and ready once started', async () => {
    server = createHttpServer({ log: createSilentLogger(), metrics: new Registry(), readiness: [{ name: 'database', check: () => Promise.resolve() }] });
    server.mount('/pax8/webhooks', (_req, res) => void res.end('hook'));
    const { url } = await server.listen(0, '127.0.0.1');

    const early = await fetch(`${url}/slack/events`, { method: 'POST', body: 'command=/pax8' });
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('1');
    expect(await early.text()).toContain('starting');
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ ready: false, checks: [{ name: 'start', ok: false, error: expect.stringContaining('still starting') }, { name: 'database', ok: true }] });
    // What is mounted already is served, and health says the process lives.
    expect(await (await fetch(`${url}/pax8/webhooks`, { method: 'POST' })).text()).toBe('hook');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    server.mount('/slack/events', (_req, res) => void res.end('slack'));
    server.started();
    expect(await (await fetch(`${url}/slack/events`, { method: 'POST', body: 'command=/pax8' })).text()).toBe('slack');
    expect((await fetch(`${url}/nothing-here`)).status).toBe(404);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: [{ name: 'database', ok: true }] });
  });
});
