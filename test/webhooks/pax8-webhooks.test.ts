import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsChannel, buttonIn, eventually, msDetails, pax8WebhookValues, slackPeople, type SlackBotHarness, startSlackBot } from '../helpers/slack-harness.ts';
import { clientFor, subscriptionOnFirstPage } from '../helpers/pax8-sandbox.ts';

const hookSecret = pax8WebhookValues.PAX8_WEBHOOK_AUTHORIZATION;
const testWebhookId = '0c8e4a1f-7b2d-4e6c-8a9f-3d5b7c9e1a2b';
const { tech, ann } = slackPeople;

/** A WebhookPayload as Pax8 posts it (the shape of Pax8's Webhooks API document). */
function payload(topic: string, payloadData: Record<string, unknown>, sentAt = new Date().toISOString()) {
  return { accountId: '6f1b9d3a-2c4e-4f8a-9b7d-1e2f3a4b5c6d', url: 'https://bot.example/pax8/webhooks', webhookId: testWebhookId, sentAt, webhookTopic: { id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', topic, filters: [] }, payloadData };
}

describe('Pax8 events at POST /pax8/webhooks, the whole bot over HTTP', () => {
  let h: SlackBotHarness;
  let logged = '';
  /** Posts a body as Pax8 would; `null` sends no Authorization header at all. */
  const post = (body: unknown, authorization: string | null = hookSecret) =>
    fetch(`${h.bot.url}/pax8/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const eventsAbout = async (subscriptionId: string) => (await h.bot.store.webhookEvents.list()).filter((e) => (e.payload as { payloadData: { subscriptionId?: string } }).payloadData.subscriptionId === subscriptionId);
  /** Events recorded from the bodies this test posts itself (the sandbox's own events carry its webhook id). */
  const postedByTests = async () => (await h.bot.store.webhookEvents.list()).filter((e) => (e.payload as { webhookId?: string }).webhookId === testWebhookId);
  const outsideAudits = async () => (await h.bot.store.audit.list()).filter((a) => a.action === 'changed_outside');

  beforeAll(async () => {
    const log = new PassThrough();
    log.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
    h = await startSlackBot({ pax8Webhooks: true, log });
    // The sandbox plays Pax8: its events go to the bot with the value the bot was given, without delay.
    h.sandbox.webhooks.configure({ url: `${h.bot.url}/pax8/webhooks`, authorization: hookSecret });
    await fetch(`${h.sandbox.url}/__sandbox/webhooks`, { method: 'PUT', body: JSON.stringify({ url: `${h.bot.url}/pax8/webhooks`, authorization: hookSecret, delaySeconds: 0 }) });
  });
  afterAll(() => h.close());

  it('refuses a delivery without the configured Authorization value (401), records nothing and never logs the value sent', async () => {
    const body = payload('SUBSCRIPTION', { subscriptionId: '11111111-2222-4333-8444-555555555555', type: 'Change' });
    const wrong = await post(body, 'guessed-value-91b7');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/Authorization header is not the value configured/);
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, `${hookSecret}x`)).status).toBe(401);
    expect(await postedByTests()).toEqual([]);
    expect((await outsideAudits()).filter((a) => a.pax8Ids.includes('11111111-2222-4333-8444-555555555555'))).toEqual([]);
    expect(logged).toMatch(/Pax8 webhook refused/);
    expect(logged).not.toContain('guessed-value-91b7');
    expect(logged).not.toContain(hookSecret);
  });

  it('answers a malformed body with 400 and the reason, and records nothing', async () => {
    const notJson = await post('{"accountId": ');
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toMatch(/not JSON/);
    const noTopic = await post({ ...payload('SUBSCRIPTION', {}), webhookTopic: undefined });
    expect(noTopic.status).toBe(400);
    expect(await noTopic.text()).toMatch(/webhookTopic/);
    const noSubscription = await post(payload('SUBSCRIPTION', { type: 'Change' }));
    expect(noSubscription.status).toBe(400);
    expect(await noSubscription.text()).toMatch(/payloadData\.subscriptionId/);
    expect(await postedByTests()).toEqual([]);
  });

  it('records a change made outside the bot in the audit log, actor Pax8, once however often Pax8 delivers it', async () => {
    const client = clientFor(h.sandbox);
    const sub = await subscriptionOnFirstPage(client);
    await client.subscriptions.updateQuantity(sub.id, (sub.quantity ?? 0) + 1);
    const audit = await eventually(async () => (await outsideAudits()).find((a) => a.pax8Ids.includes(sub.id)), 'the audit entry');
    expect(audit).toMatchObject({ actorEmail: 'Pax8', requestId: undefined });
    expect(audit.reason).toContain(`now ${(sub.quantity ?? 0) + 1} seats`);
    expect(audit.reason).toMatch(/no request of the bot made/);

    // Pax8 retries the same event (the sandbox resends it, as Pax8's "retry delivery" does).
    const delivery = h.sandbox.webhooks.deliveries().find((d) => d.payloadData.subscriptionId === sub.id);
    const resent = await fetch(`${h.sandbox.url}/__sandbox/webhooks/deliveries/${delivery?.id ?? ''}/resend`, { method: 'POST' });
    expect(resent.status).toBe(200);
    expect(await resent.json()).toMatchObject({ finalStatus: 'SUCCESS' });
    const events = await eventsAbout(sub.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ deliveries: 2, outcome: 'changed outside the bot' });
    await h.bot.delivery.idle();
    expect((await outsideAudits()).filter((a) => a.pax8Ids.includes(sub.id))).toHaveLength(1);
  });

  it('answers once the delivery is recorded, before processing it: a slow Pax8 read does not hold the answer', async () => {
    const client = clientFor(h.sandbox);
    const sub = await subscriptionOnFirstPage(client);
    // Reading the subscription takes seconds this time; the answer does not wait for it.
    await fetch(`${h.sandbox.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ route: 'GET /subscriptions/{subscriptionId}', latencyMs: 4000, times: 1 }) });
    const answer = await post(payload('SUBSCRIPTION', { subscriptionId: sub.id, type: 'Change', quantity: 99 }));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ received: true, duplicate: false });
    const recorded = (await h.bot.store.webhookEvents.list()).find((e) => (e.payload as { payloadData: { quantity?: number } }).payloadData.quantity === 99);
    expect(recorded).toBeDefined();
    expect(recorded?.processedAt).toBeUndefined();
    const processed = await eventually(async () => (await h.bot.store.webhookEvents.get(recorded?.id ?? 0))?.processedAt, 'the event processed afterwards');
    expect(processed.getTime()).toBeGreaterThan(recorded?.receivedAt.getTime() ?? Infinity);
  });

  it('a purchase approved in chat: the subscription event from Pax8 settles its provisioning watch and updates the card ("provisioned at Microsoft")', async () => {
    const before = h.fake.messages(approvalsChannel).length;
    expect((await h.command(tech.id, `buy cedar dental "Exchange Online (Plan 1)" 2 monthly ${msDetails}`)).status).toBe(200);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[before], 'the card');
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(card.blocks))?.[1] ?? '';
    expect(buttonIn(card, 'approve')).toBeDefined();
    await h.click(ann.id, approvalsChannel, card, 'approve');
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'succeeded', 'the order');
    // The first look found it provisioning and booked the next one minutes away (real time).
    const watch = await eventually(async () => (await h.bot.store.work.forRequest(requestId)).find((w) => w.kind === 'watch' && w.runAt.getTime() > Date.now() + 60_000), 'the next look booked');
    expect(watch).toBeDefined();
    expect((await h.bot.approvals.get(requestId))?.result).toMatchObject({ provisioning: 'provisioning' });

    // Microsoft provisions it at Pax8 (the sandbox clock moves past it): Pax8 sends the event.
    await fetch(`${h.sandbox.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT6M' }) });
    const updated = await eventually(() => h.fake.messages(approvalsChannel).find((m) => m.ts === card.ts && /provisioned at Microsoft/.test(JSON.stringify(m.blocks))), 'the card to say it is provisioned');
    expect(JSON.stringify(updated.blocks)).toContain('active in Pax8, provisioned at Microsoft');
    expect(h.fake.callsOf('chat.update').some((c) => c.args['ts'] === card.ts && /provisioned at Microsoft/.test(JSON.stringify(c.args)))).toBe(true);
    // Explained by the request: not a change made outside the bot; nothing written to Pax8 for it.
    const subscriptionIds = ((await h.bot.approvals.get(requestId))?.result as { subscriptionIds: string[] }).subscriptionIds;
    const events = await eventually(async () => {
      const found = (await h.bot.store.webhookEvents.list()).filter((e) => e.processedAt && subscriptionIds.includes((e.payload as { payloadData: { subscriptionId?: string } }).payloadData.subscriptionId ?? ''));
      return found.length > 0 ? found : undefined;
    }, 'the event processed');
    expect(events.every((e) => e.outcome?.startsWith('explained by request'))).toBe(true);
    expect((await outsideAudits()).filter((a) => a.pax8Ids.some((id) => subscriptionIds.includes(id)))).toEqual([]);
    expect((await h.writes()).filter((w) => w.method !== 'POST' || !w.path.endsWith('/orders')).filter((w) => subscriptionIds.some((id) => w.path.includes(id)))).toEqual([]);
  });
});

describe('Pax8 events of two partner accounts', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot({ accounts: 2, pax8Webhooks: true });
    // At Pax8 each account creates its own webhook with its own value; the sandbox sends each account's with its own.
    const put = await fetch(`${h.sandbox.url}/__sandbox/webhooks`, {
      method: 'PUT',
      body: JSON.stringify({ url: `${h.bot.url}/pax8/webhooks`, authorization: pax8WebhookValues.PAX8_MAIN_HOOK, authorizationByAccount: { [h.sandbox.clientIds[1] ?? '']: pax8WebhookValues.PAX8_SECOND_HOOK }, delaySeconds: 0 }),
    });
    expect(put.status).toBe(200);
  });
  afterAll(() => h.close());

  it('the value a delivery carries says its account: a change in the second account is read and audited there', async () => {
    const second = clientFor(h.sandbox, { clientId: h.sandbox.clientIds[1] ?? '' });
    const sub = await subscriptionOnFirstPage(second);
    await second.subscriptions.updateQuantity(sub.id, (sub.quantity ?? 0) + 1);
    const audit = await eventually(async () => (await h.bot.store.audit.list()).find((a) => a.action === 'changed_outside' && a.pax8Ids.includes(sub.id)), 'the audit entry');
    expect(audit.reason).toContain(`now ${(sub.quantity ?? 0) + 1} seats`);
    const [event] = (await h.bot.store.webhookEvents.list()).filter((e) => (e.payload as { payloadData: { subscriptionId?: string } }).payloadData.subscriptionId === sub.id);
    expect(event?.account).toBe('second');
  });
});
