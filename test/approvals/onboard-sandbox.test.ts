import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalEvent } from '../../src/approvals/approval-events.ts';
import { createApprovalsEngine } from '../../src/approvals/create-approvals-engine.ts';
import { stepsOf } from '../../src/approvals/step-definition.ts';
import { resultWith } from '../../src/approvals/step-progress.ts';
import { approvalCard } from '../../src/intents/approval-card.ts';
import type { OnboardPayload } from '../../src/approvals/kinds/index.ts';
import { termMonths } from '../../src/intents/commitment-rules.ts';
import { onboardChecklist } from '../../src/intents/onboard-checklist.ts';
import { createSilentLogger } from '../../src/log.ts';
import { createMicrosoftClient, type MicrosoftClient } from '../../src/microsoft/index.ts';
import { Secret } from '../../src/util/secret.ts';
import { actor, rita, testPolicy } from '../helpers/approvals-harness.ts';
import { type ApprovalsSandbox, startApprovalsSandbox } from '../helpers/approvals-sandbox.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';

interface GraphWrite {
  method: string;
  path: string;
  status: number;
  tenantId: string;
}

const pglite = dbBackends.filter((b) => b.name === 'pglite');

/**
 * Onboarding as the engine runs it against the sandbox over HTTP: Pax8 and the customer's tenant
 * (Entra tokens + Graph) in one sandbox, whose writes logs show exactly what was sent.
 */
describe.each(pglite)('onboarding against the sandbox ($name)', (backend) => {
  const suite = useSuiteStore(backend);
  let sb: ApprovalsSandbox;
  let microsoft: MicrosoftClient;
  let n = 0;

  beforeAll(async () => {
    sb = await startApprovalsSandbox({ now: '2026-03-02T09:00:00Z', companies: 6 });
    const app = sb.sandbox.microsoft;
    microsoft = createMicrosoftClient({ clientId: app.clientId, clientSecret: new Secret(app.clientSecret), loginUrl: app.loginUrl, graphBaseUrl: app.graphBaseUrl, timeoutMs: 2_000 }, { clock: sb.clock });
  }, 120_000);
  afterAll(() => sb?.sandbox.close());

  const msAdmin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sb.sandbox.url}/__sandbox/microsoft${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    return res.json() as Promise<Record<string, unknown>>;
  };
  const graphWrites = async (tenantId: string) => ((await msAdmin('GET', '/writes')).writes as GraphWrite[]).filter((w) => w.tenantId === tenantId);

  /** A seeded, consented tenant with a SKU that Pax8 sells the company: one with a free seat, or (`free: false`) none. */
  async function findLicence(free: boolean) {
    const { tenants } = (await msAdmin('GET', '/tenants')) as { tenants: { tenantId: string; companyId: string; consented: boolean; defaultDomain: string }[] };
    const pax8 = sb.client();
    for (const t of tenants.filter((x) => x.consented)) {
      const graph = microsoft.forTenant(t.tenantId);
      const skus = await graph.subscribedSkus().catch(() => []);
      for await (const listed of pax8.subscriptions.list({ companyId: t.companyId })) {
        const sub = await pax8.subscriptions.get(listed.id);
        if (sub.status !== 'Active' || !sub.vendorSkuId || sub.billingTerm !== 'Monthly') continue;
        const sku = skus.find((s) => s.skuId === sub.vendorSkuId);
        if (!sku) continue;
        const spare = sku.prepaidUnits.enabled - sku.consumedUnits;
        if (free ? spare > 0 : spare <= 0) return { tenant: t, sku, sub };
      }
    }
    return undefined;
  }

  function payloadFor(found: NonNullable<Awaited<ReturnType<typeof findLicence>>>, extra: Partial<OnboardPayload> = {}): OnboardPayload {
    n += 1;
    const upn = `new.starter${n}.${Date.now().toString(36)}@${found.tenant.defaultDomain}`;
    return {
      companyId: found.tenant.companyId,
      tenantId: found.tenant.tenantId,
      user: { firstName: 'New', lastName: `Starter${n}`, displayName: `New Starter${n}`, userPrincipalName: upn, mailNickname: upn.split('@')[0] ?? 'x', usageLocation: 'US' },
      sku: { skuId: found.sku.skuId, name: found.sku.skuPartNumber },
      seatSubscription: { id: found.sub.id, productName: found.sub.productName ?? found.sub.id, billingTerm: 'Monthly', unitMonthlyCost: 22 },
      seatOrder: null,
      quotedSeatNeeded: false,
      seatFree: null,
      manager: null,
      startDate: null,
      notes: null,
      ...extra,
    };
  }

  function engine(instanceId = 'replica-1') {
    const events: ApprovalEvent[] = [];
    const e = createApprovalsEngine({ store: suite.store, pax8: sb.port(2_000), clock: sb.clock, policy: testPolicy(), log: createSilentLogger(), microsoft, instanceId, settleAfterMs: 60_000 });
    e.on((ev) => events.push(ev));
    return { engine: e, events };
  }

  async function run(payload: OnboardPayload, e = engine()) {
    const submitted = await e.engine.submit({ kind: 'onboard', payload, requester: rita, summary: `onboard ${payload.user.userPrincipalName}` });
    if (!submitted.ok) throw new Error(submitted.reason);
    const decided = await e.engine.approve({ requestId: submitted.request.id, actor: actor('ann@msp.example') });
    if (!decided.ok) throw new Error(decided.reason);
    return { id: submitted.request.id, request: decided.request, ...e };
  }

  it('free seat: no Pax8 write, one Graph create and one assign; the password goes only to the requester, privately', async () => {
    const found = await findLicence(true);
    if (!found) throw new Error('the sandbox seed has no tenant with a free seat of a Pax8 SKU');
    const pax8Before = (await sb.writes()).length;
    const payload = payloadFor(found);
    const { id, request, events } = await run(payload);
    expect(request.state).toBe('succeeded');
    expect((await sb.writes()).length).toBe(pax8Before);
    const writes = (await graphWrites(found.tenant.tenantId)).filter((w) => w.status < 300);
    expect(writes.filter((w) => w.path === '/graph/v1.0/users' && w.method === 'POST')).toHaveLength(1);
    expect(writes.filter((w) => w.path.endsWith('/assignLicense'))).toHaveLength(1);
    const notes = events.filter((e) => e.type === 'private');
    expect(notes).toHaveLength(1);
    const password = /temporary password (\S+) and/.exec(notes[0]?.type === 'private' ? notes[0].text : '')?.[1];
    expect(password).toMatch(/^\S{16}$/);
    const stored = JSON.stringify([await suite.store.requests.get(id), await suite.store.writes.forRequest(id), await suite.store.audit.list({})]);
    expect(stored).not.toContain(password);
    expect(stored).toContain(`sent privately to ${rita.email}`);
    expect(JSON.stringify(events.filter((e) => e.type !== 'private'))).not.toContain(password);
  });

  it('no free seat: exactly one Pax8 seat increase, then the user once Microsoft shows the seat', async () => {
    const found = await findLicence(false);
    if (!found) throw new Error('the sandbox seed has no tenant without a free seat of a Pax8 SKU');
    const before = (await sb.writes()).length;
    const { id, request, engine: e } = await run(payloadFor(found, { quotedSeatNeeded: true }));
    expect(request.state).toBe('scheduled');
    expect(request.reason).toContain('waiting for Microsoft');
    const pax8Writes = (await sb.writes()).slice(before);
    expect(pax8Writes.map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /v1/subscriptions/${found.sub.id}`]);
    for (let i = 0; i < 10 && (await e.get(id))?.state === 'scheduled'; i += 1) {
      sb.clock.advance(60_000);
      await e.scheduler.tick();
    }
    expect(await e.get(id)).toMatchObject({ state: 'succeeded' });
    expect((await sb.writes()).slice(before)).toHaveLength(1);
  });

  it('a lost answer on create is settled by reading: the user is found by UPN, never created twice, the card says the password is not known', async () => {
    const found = await findLicence(true);
    if (!found) throw new Error('no free seat in the seed');
    await fetch(`${sb.sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ route: 'POST /graph/v1.0/users', hangAfterWrite: true, times: 1 }) });
    const payload = payloadFor(found);
    const before = (await graphWrites(found.tenant.tenantId)).length;
    const { id, request, engine: e, events } = await run(payload);
    expect(request.state).toBe('unknown');
    await e.recover();
    const done = (await e.get(id))!;
    expect(done.state).toBe('succeeded');
    const since = (await graphWrites(found.tenant.tenantId)).slice(before);
    expect(since.filter((w) => w.method === 'POST' && w.path === '/graph/v1.0/users')).toHaveLength(1);
    expect(since.filter((w) => w.path.endsWith('/assignLicense'))).toHaveLength(1);
    expect(JSON.stringify(done.result)).toContain('its temporary password is not known');
    expect(events.filter((ev) => ev.type === 'private')).toHaveLength(0);
    const users: string[] = [];
    for await (const u of microsoft.forTenant(found.tenant.tenantId).users.list({ filter: `userPrincipalName eq '${payload.user.userPrincipalName}'` })) users.push(u.id);
    expect(users).toHaveLength(1);
  });

  const fault = (body: Record<string, unknown>) => fetch(`${sb.sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /** An onboarding whose create answer was lost, settled by reading: done, and its user's password known to nobody. */
  async function createdWithoutPassword() {
    const found = await findLicence(true);
    if (!found) throw new Error('no free seat in the seed');
    await fault({ route: 'POST /graph/v1.0/users', hangAfterWrite: true, times: 1 });
    const payload = payloadFor(found);
    const { id, engine: e, events } = await run(payload);
    await e.recover();
    const settled = (await e.get(id))!;
    return { found, payload, id, e, events, settled };
  }

  it('"New password" after a create settled by reading: requester or approver only, one PATCH, the password only in the private note', async () => {
    const { found, payload, id, e, events, settled } = await createdWithoutPassword();
    expect(settled.state).toBe('succeeded');
    const before = (await graphWrites(found.tenant.tenantId)).length;

    const stranger = await e.newPassword({ requestId: id, actor: actor('tom@msp.example'), version: settled.version });
    expect(stranger).toMatchObject({ ok: false, reason: 'requester_or_approver_only' });
    expect(await graphWrites(found.tenant.tenantId)).toHaveLength(before);

    const [first, second] = await Promise.all([
      e.newPassword({ requestId: id, actor: { email: rita.email, platform: 'slack' }, version: settled.version }),
      e.newPassword({ requestId: id, actor: actor('ann@msp.example'), version: settled.version }),
    ]);
    const results = [first, second];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, reason: expect.stringMatching(/^(stale_version|no_password_to_send)$/) });
    const patches = (await graphWrites(found.tenant.tenantId)).slice(before);
    expect(patches.map((w) => `${w.method} ${w.path.replace(/users\/[^/]+/, 'users/{id}')} ${w.status}`)).toEqual(['PATCH /graph/v1.0/users/{id} 204']);

    const notes = events.filter((ev) => ev.type === 'private');
    expect(notes).toHaveLength(1);
    const text = notes[0]?.type === 'private' ? notes[0].text : '';
    const password = /new temporary password (\S+) and/.exec(text)?.[1] ?? '';
    expect(password).toMatch(/^\S{16}$/);
    const after = (await e.get(id))!;
    const stored = JSON.stringify([after, await suite.store.writes.forRequest(id), await suite.store.audit.list({ requestId: id })]);
    expect(stored).not.toContain(password);
    expect(stored).toContain(`new password for ${payload.user.userPrincipalName} sent privately to ${rita.email}`);
    expect(JSON.stringify(events.filter((ev) => ev.type !== 'private'))).not.toContain(password);
    expect(JSON.stringify(after.result)).toContain('a new temporary password was sent privately to the requester');

    // Sent: the button is gone and a later click changes nothing.
    const again = await e.newPassword({ requestId: id, actor: { email: rita.email, platform: 'slack' }, version: after.version });
    expect(again).toMatchObject({ ok: false, reason: 'no_password_to_send' });
    expect((await graphWrites(found.tenant.tenantId)).slice(before)).toHaveLength(1);
  });

  it('"New password" whose answer is lost is not sent again by itself: the button stays for a person to decide', async () => {
    const { found, id, e, events, settled } = await createdWithoutPassword();
    const before = (await graphWrites(found.tenant.tenantId)).length;
    await fault({ route: 'PATCH /graph/v1.0/users/{id}', hangAfterWrite: true, times: 1 });
    const lost = await e.newPassword({ requestId: id, actor: actor('ann@msp.example'), version: settled.version });
    expect(lost).toMatchObject({ ok: false, reason: 'password_not_sent' });
    if (lost.ok || lost.reason !== 'password_not_sent') throw new Error('expected password_not_sent');
    expect(lost.detail).toContain('did not answer clearly');
    expect(events.filter((ev) => ev.type === 'private')).toHaveLength(0);
    await e.recover();
    await e.scheduler.tick();
    expect((await graphWrites(found.tenant.tenantId)).slice(before).map((w) => w.method)).toEqual(['PATCH']);
    const current = (await e.get(id))!;
    expect(current.state).toBe('succeeded');
    const attempts = await suite.store.writes.forRequest(id);
    expect(attempts.at(-1)).toMatchObject({ step: 'new-password', outcome: 'unknown' });
    const retried = await e.newPassword({ requestId: id, actor: { email: rita.email, platform: 'slack' }, version: current.version });
    expect(retried).toMatchObject({ ok: true, outcome: 'password_sent' });
  });

  it('"New password" cut off by a stop gets its button back once the lease is over, recorded as unknown and never sent by itself', async () => {
    const { found, payload, id, e, events, settled } = await createdWithoutPassword();
    expect(approvalCard(settled).actions.map((a) => a.verb)).toContain('new_password');
    const before = (await graphWrites(found.tenant.tenantId)).length;
    // What a process leaves when it stops between marking the send and Microsoft's answer: the mark, and the attempt as sending.
    const marked = (stepsOf(settled.result) ?? []).map((step) => (step.id === 'create-user' ? { ...step, result: { ...step.result, newPassword: 'sending', newPasswordSince: sb.clock.now().toISOString() } } : step));
    await suite.store.transaction(async (t) => {
      const moved = await t.requests.transition({ id, from: [settled.state], to: settled.state, version: settled.version, now: sb.clock.now(), patch: { result: resultWith(settled.result, marked) } });
      if (!moved) throw new Error('could not mark the send');
      await t.writes.recordAttempt({ attemptId: randomUUID(), requestId: id, version: moved.version, operation: 'PATCH /users/{id}', sent: {}, step: 'new-password', at: sb.clock.now(), states: [moved.state] });
    });
    expect(approvalCard((await e.get(id))!).actions.map((a) => a.verb)).not.toContain('new_password');
    // Within the lease the send may still be on its way: recovery leaves it.
    await e.recover();
    expect(approvalCard((await e.get(id))!).actions.map((a) => a.verb)).not.toContain('new_password');
    sb.clock.advance(3 * 60_000);
    const seen = events.length;
    await e.recover();
    const after = (await e.get(id))!;
    expect(approvalCard(after).actions.map((a) => a.verb)).toContain('new_password');
    expect(events.slice(seen)).toEqual([expect.objectContaining({ type: 'updated', request: expect.objectContaining({ id }) })]);
    expect((await suite.store.writes.forRequest(id)).at(-1)).toMatchObject({ step: 'new-password', outcome: 'unknown' });
    expect((await suite.store.audit.list({ requestId: id })).at(-1)?.reason).toContain(`new password for ${payload.user.userPrincipalName} not confirmed`);
    await e.recover();
    expect(await graphWrites(found.tenant.tenantId)).toHaveLength(before);
    // A person decides: one click sends one.
    expect(await e.newPassword({ requestId: id, actor: { email: rita.email, platform: 'slack' }, version: after.version })).toMatchObject({ ok: true, outcome: 'password_sent' });
  });

  it('a lost answer on the manager is settled by reading the manager: found → done, absent → failed after the settle window', async () => {
    const found = await findLicence(true);
    if (!found) throw new Error('no free seat in the seed');
    const someone: { id: string; displayName: string }[] = [];
    for await (const u of microsoft.forTenant(found.tenant.tenantId).users.list({ top: 5 })) someone.push({ id: u.id, displayName: u.displayName ?? u.id });
    const manager = someone[0];
    if (!manager) throw new Error('the tenant has no user to be a manager');

    await fault({ route: 'PUT /graph/v1.0/users/{id}/manager/$ref', hangAfterWrite: true, times: 1 });
    const applied = await run(payloadFor(found, { manager: { id: manager.id, name: manager.displayName } }));
    expect(applied.request.state).toBe('unknown');
    await applied.engine.recover();
    const done = (await applied.engine.get(applied.id))!;
    expect(done.state).toBe('succeeded');
    expect(JSON.stringify(done.result)).toContain(`Entra shows ${manager.displayName} as the manager`);

    await fault({ route: 'PUT /graph/v1.0/users/{id}/manager/$ref', hang: true, times: 1 });
    const lost = await run(payloadFor(found, { manager: { id: manager.id, name: manager.displayName } }));
    expect(lost.request.state).toBe('unknown');
    await lost.engine.recover();
    expect((await lost.engine.get(lost.id))?.state).toBe('unknown');
    sb.clock.advance(61_000);
    await lost.engine.recover();
    const failed = (await lost.engine.get(lost.id))!;
    expect(failed.state).toBe('failed');
    expect(failed.reason).toContain('shows no manager');
  });

  it('a refusal at assign stops the request with the user created; Resume runs only the assign', async () => {
    const found = await findLicence(true);
    if (!found) throw new Error('no free seat in the seed');
    await fetch(`${sb.sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ route: 'POST /graph/v1.0/users/{id}/assignLicense', status: 403, times: 1 }) });
    const payload = payloadFor(found);
    const { id, request, engine: e } = await run(payload);
    expect(request.state).toBe('failed');
    expect(request.reason).toContain('Stopped at "Assign the licence"');
    const before = await graphWrites(found.tenant.tenantId);
    const resumed = await e.resume({ requestId: id, actor: actor('bob@msp.example') });
    expect(resumed).toMatchObject({ ok: true, request: { state: 'succeeded' } });
    const after = (await graphWrites(found.tenant.tenantId)).slice(before.length);
    expect(after.map((w) => `${w.method} ${w.path.replace(/users\/[^/]+/, 'users/{id}')}`)).toEqual(['POST /graph/v1.0/users/{id}/assignLicense']);
  });

  /** A new order of one seat of the subscription's product, with the provisioning details an existing Microsoft customer gives. */
  async function seatOrderFor(found: NonNullable<Awaited<ReturnType<typeof findLicence>>>): Promise<NonNullable<OnboardPayload['seatOrder']>> {
    const productId = found.sub.productId ?? '';
    const asked = await sb.client().products.provisionDetails(productId);
    const answers: Record<string, string> = { msTenantId: found.tenant.tenantId, mca2020FirstName: 'Ann', mca2020LastName: 'Admin', mca2020Email: 'ann@customer.example', mca2020EffectiveDate: '2026-03-01' };
    const provisioningDetails = asked.flatMap((d) => {
      if (d.key === 'msCustExists') return [{ key: d.key, values: [(d.possibleValues ?? []).find((v) => /^yes/i.test(v)) ?? ''] }];
      const value = answers[d.key];
      return value === undefined ? [] : [{ key: d.key, values: [value] }];
    });
    const monthly = (await sb.client().products.dependencies(productId)).commitmentDependencies.find((c) => termMonths(c.term) === 1);
    return { productId, productName: found.sub.productName ?? productId, billingTerm: 'Monthly', unitMonthlyCost: 22, provisioningDetails, ...(monthly ? { commitmentTermId: monthly.id } : {}) };
  }

  async function tickUntilDone(e: ReturnType<typeof engine>['engine'], id: string, ticks = 30) {
    for (let i = 0; i < ticks && ['scheduled', 'unknown'].includes((await e.get(id))?.state ?? ''); i += 1) {
      sb.clock.advance(60_000);
      await e.recover();
      await e.scheduler.tick();
    }
    return (await e.get(id))!;
  }

  it('no linked tenant, "a seat is free": no Pax8 write, nothing in any tenant; the requester gets the checklist', async () => {
    const found = await findLicence(true);
    if (!found) throw new Error('no free seat in the seed');
    const [pax8Before, graphBefore] = [(await sb.writes()).length, ((await msAdmin('GET', '/writes')).writes as GraphWrite[]).length];
    const { request, events } = await run(payloadFor(found, { tenantId: null, seatFree: true, seatSubscription: null, manager: { id: 'boss@contoso.example', name: 'boss@contoso.example' } }));
    expect(request.state).toBe('succeeded');
    expect((await sb.writes()).length).toBe(pax8Before);
    expect(((await msAdmin('GET', '/writes')).writes as GraphWrite[]).length).toBe(graphBefore);
    expect(events.filter((e) => e.type === 'private')).toHaveLength(0);
    const checklist = onboardChecklist(request);
    expect(checklist).toMatchObject({ kind: 'onboardChecklist', seat: 'none bought: you said a seat is free', manager: { name: 'boss@contoso.example' } });
    expect(checklist?.user.userPrincipalName).toContain('new.starter');
  });

  it('no linked tenant, "no seat is free": exactly one Pax8 seat increase, then the checklist', async () => {
    const found = await findLicence(false);
    if (!found) throw new Error('no tenant without a free seat in the seed');
    const before = (await sb.writes()).length;
    const { request } = await run(payloadFor(found, { tenantId: null, seatFree: false, quotedSeatNeeded: true }));
    expect(request.state).toBe('succeeded');
    expect((await sb.writes()).slice(before).map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /v1/subscriptions/${found.sub.id}`]);
    expect(onboardChecklist(request)?.seat).toMatch(/^a seat was bought at Pax8 \(\+1 seat on .+: \d+ → \d+\)$/);
  });

  it('no subscription of the SKU can grow: exactly one new Pax8 order, then the user once Microsoft shows its seat', async () => {
    const found = await findLicence(false);
    if (!found) throw new Error('no tenant without a free seat in the seed');
    const before = (await sb.writes()).length;
    const graphBefore = (await graphWrites(found.tenant.tenantId)).length;
    const payload = payloadFor(found, { seatSubscription: null, seatOrder: await seatOrderFor(found), quotedSeatNeeded: true });
    const { id, request, engine: e } = await run(payload);
    expect(request.reason).toContain('waiting for Microsoft');
    expect(request.state).toBe('scheduled');
    expect((await sb.writes()).slice(before).map((w) => `${w.method} ${w.path}`)).toEqual(['POST /v1/orders']);
    const done = await tickUntilDone(e, id);
    expect(done.state).toBe('succeeded');
    expect((await sb.writes()).slice(before)).toHaveLength(1);
    const graph = (await graphWrites(found.tenant.tenantId)).slice(graphBefore).filter((w) => w.status < 300);
    expect(graph.filter((w) => w.method === 'POST' && w.path === '/graph/v1.0/users')).toHaveLength(1);
    expect(graph.filter((w) => w.path.endsWith('/assignLicense'))).toHaveLength(1);
  });

  it('a lost answer on the new order is settled by reading: the order is found, never placed twice', async () => {
    const found = await findLicence(false);
    if (!found) throw new Error('no tenant without a free seat in the seed');
    await fetch(`${sb.sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ route: 'POST /orders', hangAfterWrite: true, times: 1 }) });
    const before = (await sb.writes()).length;
    const payload = payloadFor(found, { seatSubscription: null, seatOrder: await seatOrderFor(found), quotedSeatNeeded: true });
    const { id, request, engine: e } = await run(payload);
    expect(request.state).toBe('unknown');
    await e.recover();
    const settled = (await e.get(id))!;
    expect(settled.reason).toContain('waiting for Microsoft');
    expect(settled.state).toBe('scheduled');
    const seat = (settled.result as { steps: { id: string; state: string; summary: string | null }[] }).steps.find((st) => st.id === 'seat');
    expect(seat).toMatchObject({ state: 'done' });
    expect(seat?.summary).toMatch(/found order/);
    expect((await tickUntilDone(e, id)).state).toBe('succeeded');
    expect((await sb.writes()).slice(before).map((w) => `${w.method} ${w.path}`)).toEqual(['POST /v1/orders']);
  });
});
