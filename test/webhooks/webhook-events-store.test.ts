import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/log.ts';
import { claimWebhookEvents, storeFromDb } from '../../src/store/index.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { createWebhookProcessor } from '../../src/webhooks/process-webhook-events.ts';
import { deliveryKey, webhookPayloadSchema } from '../../src/webhooks/webhook-payload.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';
import { clientFor, startSandbox, type Sandbox, subscriptionOnFirstPage } from '../helpers/pax8-sandbox.ts';

const t0 = new Date('2026-11-02T09:00:00Z');

function delivery(subscriptionId: string, sentAt = t0.toISOString()) {
  return webhookPayloadSchema.parse({
    accountId: '6f1b9d3a-2c4e-4f8a-9b7d-1e2f3a4b5c6d',
    url: 'https://bot.example/pax8/webhooks',
    webhookId: '0c8e4a1f-7b2d-4e6c-8a9f-3d5b7c9e1a2b',
    sentAt,
    webhookTopic: { id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', topic: 'SUBSCRIPTION', filters: [] },
    payloadData: { subscriptionId, type: 'Change', quantity: 7 },
  });
}

describe.each(dbBackends)('Pax8 events in the store on $name', (backend) => {
  const suite = useSuiteStore(backend);
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 5, companies: 4 });
  });
  afterAll(() => sandbox.close());

  const record = (payload: ReturnType<typeof delivery>, at = t0) => suite.store.webhookEvents.record({ key: deliveryKey(payload), account: 'default', topic: payload.webhookTopic.topic, payload, at });

  it('a delivery is one row however often it comes, whatever its sentAt; another event is another row', async () => {
    const id = randomUUID();
    const first = await record(delivery(id));
    const retried = await record(delivery(id, new Date(t0.getTime() + 60_000).toISOString()));
    expect(first.duplicate).toBe(false);
    expect(retried).toEqual({ id: first.id, duplicate: true });
    expect(await suite.store.webhookEvents.get(first.id)).toMatchObject({ deliveries: 2, account: 'default', topic: 'SUBSCRIPTION' });
    const other = await record(webhookPayloadSchema.parse({ ...delivery(id), payloadData: { subscriptionId: id, type: 'Change', quantity: 8 } }));
    expect(other.id).not.toBe(first.id);
  });

  it('replicas claim disjoint events; an event whose claimer died comes back when its lease ends; it is finished once', async () => {
    const { id } = await record(delivery(randomUUID()));
    const [a, b] = await Promise.all([
      claimWebhookEvents(suite.store.db, { now: t0, leaseMs: 60_000, limit: 100 }),
      claimWebhookEvents(suite.store.db, { now: t0, leaseMs: 60_000, limit: 100 }),
    ]);
    const claimedBy = [a, b].filter((list) => list.some((e) => e.id === id));
    expect(claimedBy).toHaveLength(1);
    expect(await claimWebhookEvents(suite.store.db, { now: new Date(t0.getTime() + 30_000), leaseMs: 60_000, limit: 100 })).not.toContainEqual(expect.objectContaining({ id }));
    const again = await claimWebhookEvents(suite.store.db, { now: new Date(t0.getTime() + 61_000), leaseMs: 60_000, limit: 100 });
    expect(again).toContainEqual(expect.objectContaining({ id, attempts: 2 }));
    expect(await suite.store.webhookEvents.finish(id, 'done', t0)).toBe(true);
    expect(await suite.store.webhookEvents.finish(id, 'done again', t0)).toBe(false);
    expect(await suite.store.webhookEvents.get(id)).toMatchObject({ outcome: 'done' });
  });

  it('events recorded and acknowledged but never processed (the process died) are processed by the next one, once, even by two replicas at a time', async () => {
    const sub = await subscriptionOnFirstPage(clientFor(sandbox));
    const { id } = await record(delivery(sub.id), new Date());
    const pax8 = clientFor(sandbox);
    const processor = () =>
      createWebhookProcessor({
        store: storeFromDb(suite.database.db),
        pax8: { get: () => pax8 },
        approvals: { followUpNow: () => Promise.resolve(false) },
        caches: { forgetSubscription: () => undefined, refreshCompanies: () => Promise.resolve() },
        clock: createManualClock(new Date()),
        log: createSilentLogger(),
      });
    await Promise.all([processor().kick(), processor().kick()]);
    expect(await suite.store.webhookEvents.get(id)).toMatchObject({ outcome: 'changed outside the bot' });
    const audits = (await suite.store.audit.list()).filter((a) => a.pax8Ids.includes(sub.id));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'changed_outside', actorEmail: 'Pax8', platform: 'pax8' });
    expect(audits[0]?.reason).toContain(sub.productName ?? sub.id);
    // Reading only: nothing reached Pax8 as a write.
    const { writes } = (await (await fetch(`${sandbox.url}/__sandbox/writes`)).json()) as { writes: unknown[] };
    expect(writes).toEqual([]);
  });
});
