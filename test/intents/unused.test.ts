/**
 * `unused` over the sandbox (Pax8 and the customers' tenants over HTTP, the real clients, the real
 * approvals engine): findings, Reduce through the seats path (monthly now, annual at renewal),
 * never below the seats assigned when it runs, Ignore for admins only, Offboard's command, and the
 * answer without a linked tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMicrosoftClient } from '../../src/microsoft/index.ts';
import { Secret } from '../../src/util/secret.ts';
import type { UnusedListView, UnusedRow } from '../../src/views/index.ts';
import { advanceSandboxClock } from '../helpers/pax8-sandbox.ts';
import { expectKind, type IntentHarness, people, startIntentHarness, whatUsersSee } from './intent-harness.ts';

let h: IntentHarness;
let all: UnusedListView;

beforeAll(async () => {
  h = await startIntentHarness({ pageSize: 1000 });
  all = expectKind(await h.ask('unused', people.admin), 'unusedList');
}, 90_000);
afterAll(() => h.close());

/**
 * A monthly commitment whose term began less than 7 days before the sandbox's start (it renews on
 * the 28th or later): its seats may go down now.
 */
const monthly = (r: UnusedRow) => r.type === 'surplus' && r.reduceTo !== null && r.subscription?.commitmentTerm === 'Monthly' && (r.subscription.commitmentEndDate ?? '') >= '2026-11-28';
const annual = (r: UnusedRow) => r.type === 'surplus' && r.reduceTo !== null && r.subscription?.commitmentTerm === '1-Year' && r.subscription.billingTerm === 'Annual';
const button = (row: UnusedRow, label: RegExp) => row.actions.find((a) => label.test(a.label));

/** Which tenant a company is linked to, and a Graph client there that may write (to change the tenant under a request). */
async function tenantOf(companyId: string) {
  const tenants = ((await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { tenantId: string; companyId: string }[] }).tenants;
  const tenantId = tenants.find((t) => t.companyId === companyId)?.tenantId ?? '';
  const app = h.sandbox.microsoft;
  return { tenantId, graph: createMicrosoftClient({ clientId: app.clientId, clientSecret: new Secret(app.clientSecret), loginUrl: app.loginUrl, graphBaseUrl: app.graphBaseUrl }).forTenant(tenantId) };
}

async function approve(view: { request: { actions: readonly { verb: string; requestId?: string; version?: number }[] } }) {
  const action = view.request.actions.find((a) => a.verb === 'approve');
  return expectKind(await h.click({ verb: 'approve', requestId: action?.requestId, version: action?.version }, people.ann), 'approvalResult');
}

describe('unused', () => {
  it('finds surplus seats, seats bought elsewhere and blocked users with licences, in every linked tenant', () => {
    expect(all.company).toBeNull();
    expect(all.companies).toBeGreaterThan(10);
    const kinds = new Set(all.items.map((r) => r.type));
    expect([...kinds].sort()).toEqual(['blocked', 'elsewhere', 'surplus']);
    for (const row of all.items.filter((r) => r.type === 'surplus' && r.reduceTo !== null)) {
      // Never proposes fewer seats than are assigned, nor the subscription's last seat.
      const removed = (row.subscription?.quantity ?? 0) - (row.reduceTo ?? 0);
      expect(removed).toBeGreaterThan(0);
      expect(removed).toBeLessThanOrEqual(row.seats?.unused ?? 0);
      expect(row.reduceTo).toBeGreaterThanOrEqual(1);
      expect(button(row, /^Reduce to/)?.command).toBe(`unused reduce ${row.subscription?.id} ${row.reduceTo}`);
    }
    // Seats bought outside Pax8 are not Pax8's to reduce: said so, and no Reduce.
    const elsewhere = all.items.find((r) => r.type === 'elsewhere');
    expect(elsewhere?.actions.map((a) => a.label)).toEqual(['Ignore']);
    expect(whatUsersSee({ ...all, items: [elsewhere as UnusedRow] }).slack).toContain("not Pax8's to reduce");
    // The consent-less seeded tenant is named with what to do; the rest still count.
    expect(all.problems.join(' ')).toMatch(/not consented/);
    expect(all.skipped.free).toBeGreaterThan(0);
    expect(all.items.filter(monthly).length).toBeGreaterThanOrEqual(3);
  });

  it("offers Offboard on a blocked user, running offboard with the company quoted and the user's UPN", () => {
    const blocked = all.items.find((r) => r.type === 'blocked');
    expect(blocked?.user?.licences.length).toBeGreaterThan(0);
    expect(blocked?.actions).toEqual([{ verb: 'choose', label: 'Offboard', command: `offboard "${blocked?.company.name}" ${blocked?.user?.upn}` }]);
  });

  it('offers Ignore to admins only, and one company narrows the list to its own findings', async () => {
    const row = all.items.find(monthly) as UnusedRow;
    const mine = expectKind(await h.ask(`unused ${row.company.id}`, people.tech), 'unusedList');
    expect(mine.company).toEqual(row.company);
    expect(mine.items.every((r) => r.company.id === row.company.id)).toBe(true);
    expect(mine.items.flatMap((r) => r.actions.map((a) => a.label))).not.toContain('Ignore');
    expect(mine.items.find((r) => r.licence?.skuId === row.licence?.skuId)?.reduceTo).toBe(row.reduceTo);
  });

  it('reduces a monthly surplus now: the Reduce button opens a seats request that, once approved, writes to Pax8 once', async () => {
    const row = all.items.find(monthly) as UnusedRow;
    const view = expectKind(await h.click(button(row, /^Reduce/), people.tech), 'approvalRequest');
    expect(view.request.requestKind).toBe('seats');
    expect(view.request.preview).toMatchObject({ kind: 'seats', newQuantity: row.reduceTo, timing: { mode: 'now' } });
    const before = (await h.writes()).length;
    const result = await approve(view);
    expect(result.request?.state).toBe('succeeded');
    const writes = (await h.writes()).slice(before);
    expect(writes).toEqual([expect.objectContaining({ method: 'PUT', path: `/v1/subscriptions/${row.subscription?.id}`, body: { quantity: row.reduceTo } })]);
  });

  it('stops at execution, with the reason, when the tenant assigned more seats after the request', async () => {
    const row = all.items.find((r) => monthly(r) && r.company.id !== all.items.find(monthly)?.company.id && (r.seats?.unused ?? 0) <= (r.subscription?.quantity ?? 0) - 1) as UnusedRow;
    const view = expectKind(await h.click(button(row, /^Reduce/), people.tech), 'approvalRequest');
    // Someone is given a licence in the tenant meanwhile: the reduction would now take it away.
    const { graph } = await tenantOf(row.company.id);
    const user = await graph.users.create({
      accountEnabled: true, displayName: 'New Starter', mailNickname: 'new.starter', userPrincipalName: `new.starter@${(await graph.organization()).verifiedDomains?.find((d) => d.isDefault)?.name}`,
      usageLocation: 'US', passwordProfile: { password: 'Unused-Test-1!', forceChangePasswordNextSignIn: true },
    });
    await graph.users.assignLicense(user.id, { add: [{ skuId: row.licence?.skuId ?? '' }] });
    const before = (await h.writes()).length;
    const result = await approve(view);
    expect(result.request?.state).toBe('failed');
    expect(result.request?.reason).toMatch(/would take licences from people/);
    expect((await h.writes()).slice(before)).toEqual([]);
  });

  it('refuses a Reduce typed below the seats assigned, saying how far it may go', async () => {
    const row = all.items.filter(monthly).at(-1) as UnusedRow;
    const tooFar = (row.reduceTo ?? 0) - 1;
    const refused = expectKind(await h.ask(`unused reduce ${row.subscription?.id} ${tooFar}`), 'error');
    expect(refused.message).toMatch(/would take licences from people\. It can go down to/);
  });

  it('ignores a company\'s licence for an admin, audited, and counts it; a technician is refused', async () => {
    const row = all.items.find((r) => r.type === 'elsewhere') as UnusedRow;
    const ignore = button(row, /^Ignore$/);
    expect(expectKind(await h.click(ignore, people.tech), 'error')).toMatchObject({ code: 'forbidden' });
    expect(expectKind(await h.click(ignore, people.admin), 'notice')).toMatchObject({ tone: 'success', title: 'Ignored' });
    expect(expectKind(await h.click(ignore, people.admin), 'notice')).toMatchObject({ title: 'Already ignored' });
    const after = expectKind(await h.ask(`unused ${row.company.id}`, people.admin), 'unusedList');
    expect(after.items.some((r) => r.licence?.skuId === row.licence?.skuId)).toBe(false);
    expect(after.ignored).toBe(1);
    expect(whatUsersSee(after).slack).toContain('1 finding ignored');
    const audit = await h.store.audit.list();
    expect(audit.filter((e) => e.action === 'ignore_licence_finding')).toEqual([
      expect.objectContaining({ actorEmail: 'admin@msp.example', role: 'admin', reason: `${row.company.name} (${row.company.id}): ${row.licence?.sku}` }),
    ]);
  });
});

// Last in the file: it moves the sandbox clock into the renewal window.
describe('unused on a commitment', () => {
  it('schedules the reduction at renewal, with the date on the card, and it runs once when the window opens', async () => {
    const row = all.items.find((r) => annual(r) && (r.subscription?.commitmentEndDate ?? '') > '2026-11-10') as UnusedRow;
    const view = expectKind(await h.click(button(row, /^Reduce/), people.tech), 'approvalRequest');
    const renewsOn = (row.subscription?.commitmentEndDate ?? '').slice(0, 10);
    expect(view.request.preview).toMatchObject({ kind: 'seats', timing: { mode: 'atRenewal' } });
    expect(whatUsersSee(view).teams).toContain(renewsOn);
    const before = (await h.writes()).length;
    expect((await approve(view)).request?.state).toBe('scheduled');
    expect((await h.writes()).slice(before)).toEqual([]);

    await fetch(`${h.sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set: new Date(Date.parse(row.subscription?.commitmentEndDate ?? '') + 3_600_000).toISOString() }) });
    await h.clock.sync();
    await h.engine.scheduler.tick();
    await advanceSandboxClock(h.sandbox, 'PT1H');
    await h.clock.sync();
    await h.engine.scheduler.tick();
    const writes = (await h.writes()).slice(before);
    expect(writes).toEqual([expect.objectContaining({ method: 'PUT', path: `/v1/subscriptions/${row.subscription?.id}`, body: { quantity: row.reduceTo } })]);
    expect((await h.engine.get(view.request.id))?.state).toBe('succeeded');
  });
});

describe('unused without a linked tenant', () => {
  it('says what is needed: tenant <company> <id|domain>', async () => {
    const unlinked = await startIntentHarness({ microsoft: 'unlinked' });
    try {
      expect(expectKind(await unlinked.ask('unused'), 'error').message).toMatch(/No company has a Microsoft 365 tenant linked yet.*tenant <company> <tenant-id\|domain>/);
      expect(expectKind(await unlinked.ask('unused cedar dental'), 'error').message).toMatch(/has no Microsoft 365 tenant linked yet.*tenant "Cedar Dental/);
    } finally {
      await unlinked.close();
    }
  }, 60_000);
});
