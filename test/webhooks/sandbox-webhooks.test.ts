import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSandboxArgs } from '../../src/sandbox/index.ts';
import { eventually } from '../helpers/slack-harness.ts';
import { clientFor, startSandbox, subscriptionOnFirstPage, type Sandbox } from '../helpers/pax8-sandbox.ts';

type Json = Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Pax8's `WebhookPayload`, from the Webhooks API document as published (OpenAPI 3.1: its schemas are JSON Schema). */
function webhookPayloadValidator() {
  const spec = JSON.parse(readFileSync(new URL('../reference/pax8/openapi/webhooks.json', import.meta.url), 'utf8')) as { components: { schemas: Json } };
  const definitions = JSON.parse(JSON.stringify(spec.components.schemas).replaceAll('#/components/schemas/', '#/definitions/')) as Json;
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  return ajv.compile({ definitions, $ref: '#/definitions/WebhookPayload' });
}

/** A local receiver that records what it is sent and answers with the statuses it is given, in turn (then 200). */
async function startReceiver(statuses: number[] = []) {
  const received: { authorization: string | undefined; body: Json }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ authorization: req.headers.authorization, body: JSON.parse(text) as Json });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pax8/webhooks`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Delivery = { id: string; topic: string; finalStatus: string; callHistory: { status: string; httpStatusCode?: number }[]; payloadData: Json };
const deliveries = async (sandbox: Sandbox): Promise<Delivery[]> => ((await (await fetch(`${sandbox.url}/__sandbox/webhooks/deliveries`)).json()) as { deliveries: Delivery[] }).deliveries;
const put = (sandbox: Sandbox, body: unknown) => fetch(`${sandbox.url}/__sandbox/webhooks`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the sandbox sends Pax8 webhook events', () => {
  let sandbox: Sandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 3, companies: 6 });
  });
  afterAll(() => sandbox.close());
  afterEach(async () => {
    await fetch(`${sandbox.url}/__sandbox/webhooks`, { method: 'DELETE' });
    await receiver.close();
  });

  it('a change made through the API arrives as a WebhookPayload Pax8 documents, with the chosen Authorization value, after its delay on the sandbox clock', async () => {
    receiver = await startReceiver();
    expect((await put(sandbox, { url: receiver.url, authorization: 'hook-secret', delaySeconds: 120 })).status).toBe(200);
    const client = clientFor(sandbox);
    const sub = await subscriptionOnFirstPage(client);
    await client.subscriptions.updateQuantity(sub.id, (sub.quantity ?? 0) + 1);
    const pending = await eventually(async () => (await deliveries(sandbox)).find((d) => d.payloadData.subscriptionId === sub.id), 'the delivery to be queued');
    expect(pending).toMatchObject({ topic: 'SUBSCRIPTION', finalStatus: 'PENDING', callHistory: [] });
    expect(receiver.received).toHaveLength(0);

    await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT3M' }) });
    const sent = await eventually(() => receiver.received.find((r) => (r.body.payloadData as Json).subscriptionId === sub.id), 'the event');
    expect(sent.authorization).toBe('hook-secret');
    const validate = webhookPayloadValidator();
    expect(validate(sent.body), JSON.stringify(validate.errors)).toBe(true);
    expect(sent.body).toMatchObject({ url: receiver.url, webhookTopic: { topic: 'SUBSCRIPTION' }, payloadData: { subscriptionId: sub.id, type: 'Change', quantity: (sub.quantity ?? 0) + 1, previousQuantity: sub.quantity } });
    expect((await deliveries(sandbox)).find((d) => d.id === pending.id)).toMatchObject({ finalStatus: 'SUCCESS', callHistory: [{ status: 'SUCCESS', httpStatusCode: 200 }] });
  });

  it('a refused delivery is tried again up to the error threshold, then marked failed; resend sends it once more', async () => {
    receiver = await startReceiver([503, 500, 502, 200]);
    await put(sandbox, { url: receiver.url, authorization: 'hook-secret', delaySeconds: 0, errorThreshold: 3, retryDelaySeconds: 0 });
    const client = clientFor(sandbox);
    const sub = await subscriptionOnFirstPage(client);
    await client.subscriptions.updateQuantity(sub.id, (sub.quantity ?? 0) + 2);
    const failed = await eventually(async () => (await deliveries(sandbox)).find((d) => d.payloadData.subscriptionId === sub.id && d.finalStatus === 'FAILED'), 'the delivery to fail');
    expect(failed.callHistory.map((c) => c.httpStatusCode)).toEqual([503, 500, 502]);
    expect(receiver.received).toHaveLength(3);

    const resent = (await (await fetch(`${sandbox.url}/__sandbox/webhooks/deliveries/${failed.id}/resend`, { method: 'POST' })).json()) as Delivery;
    expect(resent).toMatchObject({ finalStatus: 'SUCCESS' });
    expect(receiver.received).toHaveLength(4);
    // The same event each time: the same data, from the same webhook.
    expect(new Set(receiver.received.map((r) => JSON.stringify(r.body.payloadData))).size).toBe(1);
  });

  it('refuses a target without a URL or an authorization value, and an unknown delivery, with a reason', async () => {
    receiver = await startReceiver();
    const noAuth = await put(sandbox, { url: receiver.url });
    expect(noAuth.status).toBe(400);
    expect(await noAuth.text()).toMatch(/authorization/);
    expect((await put(sandbox, { url: 'not a url', authorization: 'x' })).status).toBe(400);
    expect((await fetch(`${sandbox.url}/__sandbox/webhooks/deliveries/nope/resend`, { method: 'POST' })).status).toBe(404);
    expect(() => parseSandboxArgs(['--webhook-url', 'http://127.0.0.1:1/pax8/webhooks'])).toThrow(/--webhook-authorization/);
    expect(parseSandboxArgs(['--webhook-url', 'http://127.0.0.1:1/pax8/webhooks', '--webhook-authorization', 'v', '--webhook-delay', '0'])).toMatchObject({ webhookUrl: 'http://127.0.0.1:1/pax8/webhooks', webhookAuthorization: 'v', webhookDelaySeconds: 0 });
  });
});
