/**
 * The Microsoft 365 commands on the intent layer over the sandbox (Pax8 and the customers' tenants
 * over HTTP, the real clients): `licenses` side by side, `users` with paging and a filter, `user`
 * by UPN, `tenant` by domain and id, and the answers when something is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardChecklist } from '../../src/intents/onboard-checklist.ts';
import { collect } from '../../src/pax8/index.ts';
import type { DetailsFormView } from '../../src/views/index.ts';
import { channels, expectKind, type IntentHarness, people, startIntentHarness, whatUsersSee } from './intent-harness.ts';

interface TenantRow {
  tenantId: string;
  defaultDomain: string;
  initialDomain: string;
  companyId: string;
  consented: boolean;
  permissions: string[];
}

let h: IntentHarness;
let tenants: TenantRow[];
const usable = () => tenants.filter((t) => t.consented && t.permissions.includes('User.ReadWrite.All'));

beforeAll(async () => {
  h = await startIntentHarness({ pageSize: 5 });
  tenants = ((await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: TenantRow[] }).tenants;
}, 60_000);
afterAll(() => h.close());

describe('licenses', () => {
  it('shows the tenant and Pax8 side by side, and licences bought elsewhere, for some seeded company', async () => {
    let sawElsewhere = false;
    for (const t of usable()) {
      const view = expectKind(await h.ask(`licenses ${t.companyId} --page 1`), 'licenceList');
      expect(view.tenant.tenantId).toBe(t.tenantId);
      const all = [...view.items];
      for (let page = 2; page <= Math.ceil(view.paging.total / view.paging.pageSize); page += 1) all.push(...expectKind(await h.ask(`licenses ${t.companyId} --page ${page}`), 'licenceList').items);
      const fromPax8 = all.find((l) => l.source !== 'elsewhere' && l.tenant);
      expect(fromPax8?.pax8.length).toBeGreaterThan(0);
      expect(fromPax8?.actions.map((a) => a.command)).toContain(`seats ${fromPax8?.pax8[0]?.id}`);
      const elsewhere = all.find((l) => l.source === 'elsewhere');
      if (elsewhere) {
        sawElsewhere = true;
        expect(elsewhere.pax8).toEqual([]);
        expect(elsewhere.actions).toEqual([]);
        expect(whatUsersSee(await h.ask(`licenses ${t.companyId} --page ${Math.floor(all.indexOf(elsewhere) / 5) + 1}`)).slack).toContain('Bought elsewhere: no Pax8 subscription');
        break;
      }
    }
    expect(sawElsewhere).toBe(true);
  });

  it('reads and shows only Microsoft subscriptions: other vendors\' are neither asked for their SKU nor listed as tied to no licence', async () => {
    const harbor = usable()[0] as TenantRow;
    const subs = await collect(h.pax8.subscriptions.list({ companyId: harbor.companyId }));
    const products = await collect(h.pax8.products.list());
    const vendorOf = new Map(products.map((p) => [p.id, p.vendorName ?? '']));
    const others = subs.filter((s) => !/microsoft/i.test(vendorOf.get(s.productId ?? '') ?? '') && s.status !== 'Cancelled');
    expect(others.length).toBeGreaterThan(0);
    const view = expectKind(await h.ask(`licenses ${harbor.companyId}`), 'licenceList');
    const shown = [...view.unlinked, ...view.items.flatMap((l) => l.pax8)].map((s) => s.id);
    for (const other of others) expect(shown).not.toContain(other.id);
    const productOf = new Map(subs.map((s) => [s.id, s.productId ?? '']));
    for (const u of view.unlinked) expect(vendorOf.get(productOf.get(u.id) ?? '')).toMatch(/microsoft/i);
  });

  it('asks each Pax8 subscription once: a second licenses reads only the list', async () => {
    const t = usable()[0] as TenantRow;
    await h.ask(`licenses ${t.companyId}`);
    const byRoute = async () => ((await (await fetch(`${h.sandbox.url}/__sandbox/stats`)).json()) as { byRoute: Record<string, number> }).byRoute;
    const before = await byRoute();
    await h.ask(`licenses ${t.companyId}`);
    const after = await byRoute();
    const grew = Object.keys(after).filter((route) => (after[route] ?? 0) > (before[route] ?? 0) && !route.includes('graph') && !route.includes('login'));
    // One page of the company's subscriptions; the single GETs come from the cache.
    expect(grew).toEqual(['GET /subscriptions']);
  });

  it('answers how to link a company without a tenant, and what the admin must do where the app is not consented', async () => {
    const linked = new Set(tenants.map((t) => t.companyId));
    const company = (await h.deps.resolver.companies()).find((c) => !linked.has(c.id));
    if (!company) throw new Error('every company has a tenant');
    const unlinked = expectKind(await h.ask(`licenses ${company.id}`), 'error');
    expect(unlinked.message).toBe(`${company.name} has no Microsoft 365 tenant linked yet. An admin links it with: tenant ${/\s/.test(company.name) ? `"${company.name}"` : company.name} <tenant-id|domain> (e.g. its .onmicrosoft.com domain), or under microsoft.tenants in the config file.`);
    const unconsented = tenants.find((t) => !t.consented) as TenantRow;
    const refused = expectKind(await h.ask(`licenses ${unconsented.companyId}`), 'error');
    expect(refused.code).toBe('microsoft_refused');
    expect(refused.message).toContain(`${h.sandbox.microsoft.loginUrl}/${unconsented.tenantId}/adminconsent?client_id=${h.sandbox.microsoft.clientId}`);
  });
});

describe('users and user', () => {
  it('pages the users, filters by the start of a name, and shows one user by UPN with the company and how each licence is held', async () => {
    const t = usable()[0] as TenantRow;
    const first = expectKind(await h.ask(`users ${t.companyId}`), 'userList');
    expect(first.items).toHaveLength(5);
    expect(first.paging.total).toBeGreaterThan(5);
    const second = expectKind(await h.ask(`users ${t.companyId} --page 2`), 'userList');
    expect(second.items.map((u) => u.id)).not.toContain(first.items[0]?.id);
    const someone = first.items[0];
    if (!someone?.displayName) throw new Error('a seeded user without a name');
    const prefix = someone.displayName.slice(0, 3);
    const filtered = expectKind(await h.ask(`users ${t.companyId} ${prefix.toLowerCase()}`), 'userList');
    expect(filtered.filter).toBe(prefix.toLowerCase());
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((u) => (u.displayName ?? '').toLowerCase().startsWith(prefix.toLowerCase()) || u.upn.toLowerCase().startsWith(prefix.toLowerCase()))).toBe(true);
    expect(someone.actions).toEqual([{ verb: 'choose', label: 'Details', command: `user ${someone.upn}` }]);

    const detail = expectKind(await h.ask(`user ${someone.upn}`), 'userDetail');
    const company = (await h.deps.resolver.companies()).find((c) => c.id === t.companyId);
    expect(detail.companies).toEqual([{ id: t.companyId, name: company?.name }]);
    expect(detail.user.upn).toBe(someone.upn);
    expect(detail.user.licences.map((l) => l.name).sort()).toEqual([...someone.licences].sort());
  });

  it('tells group-assigned licences from direct ones', async () => {
    for (const t of usable()) {
      for (const u of expectKind(await h.ask(`users ${t.companyId}`), 'userList').items) {
        const detail = expectKind(await h.ask(`user ${u.upn}`), 'userDetail');
        if (detail.user.licences.some((l) => l.assignment !== 'direct')) {
          expect(whatUsersSee(detail).teams).toMatch(/from a group|directly and from a group/);
          return;
        }
      }
    }
    throw new Error('no group-assigned licence among the first users of the seeded tenants');
  });

  it('keeps hostile filter text as data: quotes, ${…} and mentions find nobody and break nothing', async () => {
    const t = usable()[0] as TenantRow;
    for (const text of [`o'neil`, `'' or 1 eq 1`, '${request.id}', '<!channel>', '"quoted name"', `a') or startswith(displayName,'`]) {
      const view = await h.ask(`users ${t.companyId} ${text.includes(' ') && !text.startsWith('"') ? `"${text.replaceAll('"', '')}"` : text}`);
      const list = expectKind(view, 'userList');
      expect(list.items).toEqual([]);
      expect(whatUsersSee(view).slack).not.toMatch(/<!channel>/);
    }
  });

  it('answers for an unknown user, a domain Microsoft does not know, and a tenant no company is linked to', async () => {
    const t = usable()[0] as TenantRow;
    expect(expectKind(await h.ask(`user nobody.here@${t.defaultDomain}`), 'error').code).toBe('not_found');
    expect(expectKind(await h.ask('user ann@no-such-tenant.example'), 'error').message).toBe('Microsoft knows no tenant with the domain no-such-tenant.example: check the sign-in name.');
  });
});

describe('tenant', () => {
  it('links by domain (resolved to the id) and by id for an admin, says the access, and refuses a non-admin and an unknown domain', async () => {
    const [a, b] = usable();
    const readOnly = tenants.find((t) => t.consented && !t.permissions.includes('User.ReadWrite.All')) as TenantRow;
    if (!a || !b) throw new Error('too few tenants');
    expect(expectKind(await h.ask(`tenant ${a.companyId} ${a.initialDomain}`, people.tech), 'error').code).toBe('forbidden');

    const byDomain = expectKind(await h.ask(`tenant ${a.companyId} ${a.initialDomain}`, people.admin), 'notice');
    expect(byDomain).toMatchObject({ tone: 'success' });
    expect(byDomain.message).toContain(`now linked to tenant ${a.tenantId} (${a.initialDomain})`);
    expect(await h.store.companyTenants.get(a.companyId)).toMatchObject({ tenantId: a.tenantId, domain: a.initialDomain, setBy: 'admin@msp.example' });

    const byId = expectKind(await h.ask(`tenant ${b.companyId} ${readOnly.tenantId}`, people.admin), 'notice');
    expect(byId.tone).toBe('warning');
    expect(byId.message).toMatch(/It replaces tenant .* from the config file\. Permission missing: the app lacks User\.ReadWrite\.All/);
    expect(expectKind(await h.ask(`licenses ${b.companyId}`), 'licenceList').tenant.tenantId).toBe(readOnly.tenantId);

    const unknown = expectKind(await h.ask(`tenant ${a.companyId} nothing-here.example`, people.admin), 'error');
    expect(unknown.message).toMatch(/^Microsoft knows no tenant with the domain nothing-here\.example; nothing was linked/);
    expect(await h.store.companyTenants.get(a.companyId)).toMatchObject({ tenantId: a.tenantId });
    // Put b back, so the tests around keep the seeded picture.
    await h.ask(`tenant ${b.companyId} ${b.tenantId}`, people.admin);
  });

  it('uses the channel mapping for licenses and users, like the other commands', async () => {
    const t = usable()[1] as TenantRow;
    await h.ask(`map ${t.companyId}`, people.admin, channels.contoso);
    expect(expectKind(await h.ask('licenses', people.tech, channels.contoso), 'licenceList').company.id).toBe(t.companyId);
    const list = expectKind(await h.ask('users', people.tech, channels.contoso), 'userList');
    const name = list.items[0]?.displayName?.split(' ')[0] ?? '';
    const filtered = expectKind(await h.ask(`users ${name}`, people.tech, channels.contoso), 'userList');
    expect(filtered).toMatchObject({ company: { id: t.companyId }, filter: name });
  });
});

describe('without the Microsoft app', () => {
  it('onboards as for a company without a linked tenant: Pax8 tells the licences, "no seat free" buys one, the rest is a checklist', async () => {
    const off = await startIntentHarness({ microsoft: 'off' });
    try {
      let form: DetailsFormView | undefined;
      let company = '';
      for await (const c of off.pax8.companies.list()) {
        const view = await off.ask(`onboard ${c.id}`);
        if (view.kind === 'detailsForm') {
          [form, company] = [view, c.id];
          break;
        }
      }
      if (!form) throw new Error('no company of the sandbox has a Microsoft licence at Pax8');
      expect(form.fields.map((f) => f.key)).toContain('seatFree');
      const licence = form.fields.find((f) => f.key === 'licence')?.possibleValues[0] ?? '';
      const details = { firstName: 'Jane', lastName: 'Doe', displayName: '{first} {last}', userName: '{first}.{last}@fabrikam.example', usageLocation: 'US', licence, seatFree: 'no', startDate: '', manager: '', notes: '' };
      const opened = expectKind(await off.click({ verb: 'submit_details', command: form.command, details }, people.tech), 'approvalRequest');
      expect(opened.request).toMatchObject({ state: 'pending', requestKind: 'onboard' });
      const before = (await off.writes()).length;
      const decided = await off.engine.approve({ requestId: opened.request.id, actor: { email: people.ann.email ?? '', platform: 'teams' } });
      expect(decided).toMatchObject({ ok: true, request: { state: 'succeeded' } });
      // One seat bought at Pax8, nothing else: there is no tenant to write to.
      const seatWrites = (await off.writes()).slice(before).filter((w) => !w.path.includes('mock'));
      expect(seatWrites.map((w) => `${w.method} ${w.path.replace(/[0-9a-f-]{36}/g, '{id}')}`)).toEqual([expect.stringMatching(/^(PUT \S*\/subscriptions\/\{id\}|POST \S*\/orders)$/)]);
      const done = await off.engine.get(opened.request.id);
      expect(onboardChecklist(done!)).toMatchObject({ company: { id: company }, user: { userPrincipalName: 'jane.doe@fabrikam.example' }, seat: expect.stringMatching(/^a seat was bought at Pax8/) });
    } finally {
      await off.close();
    }
  });

  it('answers what to set', async () => {
    const off = await startIntentHarness({ microsoft: 'off' });
    try {
      for (const command of ['licenses contoso', 'users contoso', 'user ann@contoso.com', 'tenant contoso contoso.com']) {
        const view = expectKind(await off.ask(command, people.admin), 'error');
        expect(view.message).toMatch(/^Microsoft 365 is not connected: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET/);
      }
    } finally {
      await off.close();
    }
  });
});
