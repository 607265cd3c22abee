/**
 * The offboarding kind's steps on the engine, against the sandbox (Pax8 and the tenants on one
 * clock), on PGlite and PostgreSQL: a release under an annual commitment is a `seats` request of its
 * own, scheduled for the renewal window, run once when the clock gets there, and not again after a
 * restart; a lost answer on the licence removal is settled by reading `licenseDetails`; a refusal
 * part-way leaves the request `failed` with its done steps, and Resume runs only the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalsEngine } from '../../src/approvals/create-approvals-engine.ts';
import { subscriptionTimes } from '../../src/approvals/pax8-port.ts';
import type { OffboardPayload } from '../../src/approvals/kinds/offboard-payload.ts';
import { releaseKey } from '../../src/approvals/kinds/offboard-steps.ts';
import { createSilentLogger } from '../../src/log.ts';
import { createMicrosoftClient, type GraphClient } from '../../src/microsoft/index.ts';
import type { Subscription } from '../../src/pax8/index.ts';
import type { Store } from '../../src/store/open-store.ts';
import { Secret } from '../../src/util/secret.ts';
import { actor, rita, testPolicy } from '../helpers/approvals-harness.ts';
import { type ApprovalsSandbox, startApprovalsSandbox } from '../helpers/approvals-sandbox.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';

const start = '2026-03-02T09:00:00Z';
const day = 86_400_000;

interface GraphWrite {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}

describe.each(dbBackends)('offboarding steps against the sandbox on $name', (backend) => {
  let sb: ApprovalsSandbox;
  let microsoft: { forTenant(tenant: string): GraphClient };
  const used = new Set<string>();
  beforeAll(async () => {
    sb = await startApprovalsSandbox({ now: start, timeoutMs: 2_000, companies: 12 });
    const { clientId, clientSecret, loginUrl, graphBaseUrl } = sb.sandbox.microsoft;
    microsoft = createMicrosoftClient({ clientId, clientSecret: new Secret(clientSecret), loginUrl, graphBaseUrl, timeoutMs: 2_000 }, { log: createSilentLogger(), clock: sb.clock });
  }, 60_000);
  afterAll(() => sb.sandbox.close());
  const suite = useSuiteStore(backend);

  const engineOn = (store: Store) => createApprovalsEngine({ store, pax8: sb.port(), microsoft, clock: sb.clock, policy: testPolicy(), log: createSilentLogger() });
  const graphWrites = async (): Promise<GraphWrite[]> => ((await (await fetch(`${sb.sandbox.url}/__sandbox/microsoft/writes`)).json()) as { writes: GraphWrite[] }).writes;

  /**
   * A user holding one licence directly whose SKU a Pax8 subscription of the company sells, that
   * subscription passing `fits`; the payload offboarding would record for them.
   */
  async function leaver(fits: (s: Subscription) => boolean): Promise<{ payload: OffboardPayload; sub: Subscription }> {
    const { tenants } = (await (await fetch(`${sb.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { tenantId: string; companyId: string; consented: boolean; permissions: string[] }[] };
    const reader = sb.client();
    for (const t of tenants.filter((x) => x.consented && x.permissions.includes('User.ReadWrite.All'))) {
      const subs: Subscription[] = [];
      for await (const listed of reader.subscriptions.list({ companyId: t.companyId })) subs.push(await reader.subscriptions.get(listed.id));
      const graph = microsoft.forTenant(t.tenantId);
      const skus = await graph.subscribedSkus();
      for await (const user of graph.users.list({ select: ['id', 'userPrincipalName', 'accountEnabled', 'licenseAssignmentStates'], top: 999 })) {
        if (!user.accountEnabled || used.has(user.id)) continue;
        const direct = (user.licenseAssignmentStates ?? []).filter((s) => !s.assignedByGroup && s.skuId);
        if (direct.length !== 1) continue;
        const skuId = direct[0]?.skuId ?? '';
        const sku = skus.find((s) => s.skuId.toLowerCase() === skuId.toLowerCase());
        const sub = subs.find((s) => s.vendorSkuId?.toLowerCase() === skuId.toLowerCase() && s.status === 'Active' && (s.quantity ?? 0) > 2 && fits(s));
        if (!sub || !sku || sku.prepaidUnits.enabled - 1 < sku.consumedUnits - 1) continue;
        used.add(user.id);
        return {
          sub,
          payload: {
            companyId: t.companyId,
            tenantId: t.tenantId,
            userId: user.id,
            upn: user.userPrincipalName ?? user.id,
            displayName: null,
            askedAt: sb.clock.now().toISOString(),
            blockSignIn: true,
            removeSkuIds: [skuId],
            releases: [{ subscriptionId: sub.id, skuId, productName: sub.productName ?? sub.id, quotedQuantity: sub.quantity ?? 0, unitMonthlyCost: 10, atRenewal: subscriptionTimes(sub).commitmentEnd !== undefined }],
          },
        };
      }
    }
    throw new Error('no seeded user fits');
  }

  async function approved(store: Store, payload: OffboardPayload) {
    const engine = engineOn(store);
    const submitted = await engine.submit({ kind: 'offboard', payload, requester: rita, summary: `offboard ${payload.upn}` });
    if (!submitted.ok) throw new Error(submitted.reason);
    const decided = await engine.approve({ requestId: submitted.request.id, actor: actor('ann@msp.example') });
    if (!decided.ok) throw new Error(decided.reason);
    return { engine, requestId: submitted.request.id };
  }

  const annual = (s: Subscription) => {
    const { commitmentEnd, startDate } = subscriptionTimes(s);
    return s.commitment?.term === '1-Year' && commitmentEnd !== undefined && startDate !== undefined && Date.parse(start) - startDate.getTime() > 8 * day && commitmentEnd.getTime() - Date.parse(start) > 10 * day;
  };

  it('an annual seat: scheduled as a seats request of its own, runs once in the window, and not again after a restart', async () => {
    const { payload, sub } = await leaver(annual);
    const { engine, requestId } = await approved(suite.store, payload);
    expect(await engine.get(requestId)).toMatchObject({ state: 'succeeded' });
    const child = await suite.store.requests.byKey(releaseKey(requestId, sub.id));
    expect(child).toMatchObject({ kind: 'seats', state: 'scheduled' });
    const audit = (await suite.store.audit.list({})).filter((a) => a.requestId === child?.id);
    expect(audit.map((a) => a.reason)).toEqual(expect.arrayContaining([`approved with offboard request ${requestId}`]));
    const puts = () => sb.writes((w) => w.method === 'PUT' && w.path.includes(sub.id));
    expect(await puts()).toHaveLength(0);

    sb.clock.advance((child?.runAt?.getTime() ?? 0) - sb.clock.now().getTime() + 60_000);
    const restarted = engineOn(suite.store);
    await restarted.recover();
    await restarted.scheduler.tick();
    await expect.poll(async () => (await restarted.get(child?.id ?? ''))?.state, { timeout: 10_000 }).toBe('succeeded');
    const again = engineOn(suite.store);
    await again.recover();
    await again.scheduler.tick();
    expect(await puts()).toHaveLength(1);
    expect(await sb.writes((w) => w.method === 'PUT' && w.path.includes(sub.id))).toEqual([expect.objectContaining({ status: 200 })]);
  });

  it('a lost answer on the licence removal is settled by reading licenseDetails: one removal, the request goes on', async () => {
    const { payload } = await leaver(() => true);
    const before = (await graphWrites()).length;
    await sb.fault({ route: 'POST /graph/v1.0/users/{id}/assignLicense', hangAfterWrite: true, times: 1 });
    const { engine, requestId } = await approved(suite.store, { ...payload, releases: [] });
    expect(await engine.get(requestId)).toMatchObject({ state: 'unknown' });
    const resolved = await engineOn(suite.store).resolve(requestId);
    expect(resolved?.state).toBe('succeeded');
    const removals = (await graphWrites()).slice(before).filter((w) => w.path.endsWith('/assignLicense'));
    expect(removals).toHaveLength(1);
    const left = (await microsoft.forTenant(payload.tenantId).users.licenseDetails(payload.userId)).map((d) => d.skuId.toLowerCase());
    expect(left).not.toContain(payload.removeSkuIds[0]?.toLowerCase());
  });

  it('a refusal part-way leaves it failed with the done steps kept; Resume runs only the rest', async () => {
    const { payload } = await leaver(() => true);
    const before = (await graphWrites()).length;
    await sb.fault({ route: 'POST /graph/v1.0/users/{id}/assignLicense', status: 403, times: 1 });
    const { engine, requestId } = await approved(suite.store, { ...payload, releases: [] });
    const failed = await engine.get(requestId);
    expect(failed?.state).toBe('failed');
    const firstRun = (await graphWrites()).slice(before).map((w) => w.path.replace(/^.*\/users\/[^/]+/, ''));
    expect(firstRun).toEqual(['', '/revokeSignInSessions', '/assignLicense']);
    const resumed = await engine.resume({ requestId, actor: actor('bob@msp.example') });
    expect(resumed).toMatchObject({ ok: true });
    await expect.poll(async () => (await engine.get(requestId))?.state, { timeout: 10_000 }).toBe('succeeded');
    const secondRun = (await graphWrites()).slice(before + firstRun.length).map((w) => w.path.replace(/^.*\/users\/[^/]+/, ''));
    expect(secondRun).toEqual(['/assignLicense']);
  });
});
