/**
 * Microsoft 365 in Slack, whole bot over HTTP with the sandbox's Microsoft app configured and its
 * seeded tenants linked in `microsoft.tenants`: `licenses` shows both sides (and what was bought
 * elsewhere); a seat bought in chat and approved shows in the tenant once the provisioning delay has
 * passed; a company without a tenant and a tenant without consent say what to do; `tenant` (admins
 * only) by domain and by id; `users` pages and filters, hostile filter text stays text; `user` by UPN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import { handleCommand } from '../../src/intents/index.ts';
import type { LicenceListView } from '../../src/views/index.ts';
import { approvalsChannel, eventually, generalChannel, rowButton, type SlackBotHarness, slackPeople, startSlackBot } from '../helpers/slack-harness.ts';

const { tech, ann, admin } = slackPeople;

interface TenantRow {
  tenantId: string;
  defaultDomain: string;
  initialDomain: string;
  companyId: string;
  account: string;
  consented: boolean;
  permissions: string[];
}

describe('Microsoft 365 in Slack, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  let tenants: TenantRow[];
  const usable = () => tenants.filter((t) => t.account === 'sandbox' && t.consented && t.permissions.includes('User.ReadWrite.All'));

  beforeAll(async () => {
    h = await startSlackBot({ microsoft: true });
    tenants = ((await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: TenantRow[] }).tenants;
  }, 60_000);
  afterAll(() => h.close());

  const privateTo = (user: string) => h.fake.messages(generalChannel).filter((m) => m.visibleTo === user);
  /** Types `text` and waits for the private answer whose text or blocks match `title`: a copy as it was then. */
  async function answer(user: string, text: string, title: RegExp): Promise<FakeSlackMessage> {
    const before = privateTo(user).map((m) => m.ts);
    expect((await h.command(user, text)).status).toBe(200);
    return structuredClone(await eventually(() => privateTo(user).find((m) => !before.includes(m.ts) && !/^Reading|^Linking|^Looking/.test(m.text) && title.test(`${m.text} ${JSON.stringify(m.blocks)}`)), `the answer to "${text}"`));
  }
  const shown = (m: FakeSlackMessage) => JSON.stringify(m.blocks);
  /** The view the bot gives for a command, asked of the intent layer directly (to pick test data). */
  async function viewOf(text: string) {
    const result = handleCommand(text, { actor: { userId: tech.id, email: tech.email, platform: 'slack', identity: 'fresh' }, channel: { platform: 'slack', id: 'C0PICK', isPersonal: false }, eventId: `pick-${text}` }, h.bot.intents);
    return result.later ? await result.later : result.now;
  }

  it('licenses shows the tenant and Pax8 side by side, with a Details and Seats button per Pax8 subscription and a licence bought elsewhere', async () => {
    let found: { company: string; page: number; line: LicenceListView['items'][number] } | undefined;
    for (const t of usable()) {
      for (let page = 1; page <= 3 && !found; page += 1) {
        const view = await viewOf(`licenses ${t.companyId} --page ${page}`);
        if (view.kind !== 'licenceList') throw new Error(`licenses answered ${view.kind}`);
        const line = view.items.find((l) => l.source === 'elsewhere');
        if (line) found = { company: t.companyId, page, line };
        if (page * view.paging.pageSize >= view.paging.total) break;
      }
      if (found) break;
    }
    if (!found) throw new Error('no seeded tenant has a licence bought elsewhere');
    const list = await answer(tech.id, `licenses ${found.company} --page ${found.page}`, /^Licences of/);
    expect(shown(list)).toContain('Bought elsewhere: no Pax8 subscription');
    expect(shown(list)).toMatch(/Tenant: \d+ enabled · \d+ assigned · -?\d+ free/);
    expect(shown(list)).toMatch(/Pax8: [^"]+ · \d+ seats? · /);
    const first = await answer(tech.id, `licenses ${found.company}`, /^Licences of/);
    const view = await viewOf(`licenses ${found.company}`);
    const withPax8 = view.kind === 'licenceList' ? view.items.find((l) => l.pax8.length === 1) : undefined;
    if (!withPax8?.pax8[0]) throw new Error('no licence with one Pax8 subscription on the first page');
    expect(rowButton(first, 'Seats', withPax8.pax8[0].id).value).toContain(`seats ${withPax8.pax8[0].id}`);
    expect(rowButton(first, 'Details', withPax8.pax8[0].id).value).toContain(`sub ${withPax8.pax8[0].id}`);
  });

  it('a seat bought in chat and approved reaches the tenant after the provisioning delay: the free count rises', async () => {
    const t = usable()[2] as TenantRow;
    const view = await viewOf(`licenses ${t.companyId}`);
    const line = view.kind === 'licenceList' ? view.items.find((l) => l.tenant && l.mismatch === null && l.pax8.length === 1 && l.pax8[0]?.status === 'Active') : undefined;
    const sub = line?.pax8[0];
    if (!line?.tenant || !sub) throw new Error('no licence with one active Pax8 subscription that agrees with the tenant');
    const short = sub.id.slice(0, 8);
    const rowOf = (m: FakeSlackMessage) => (m.blocks as { type: string; fields?: { text: string }[] }[]).flatMap((b) => b.fields ?? []).find((f) => f.text.includes(`id ${short}`))?.text ?? '';
    const freeIn = (m: FakeSlackMessage) => Number(/Tenant: [\d,]+ enabled · [\d,]+ assigned · (-?[\d,]+) free/.exec(rowOf(m))?.[1]?.replace(',', '') ?? NaN);
    expect(freeIn(await answer(tech.id, `licenses ${t.companyId}`, /^Licences of/))).toBe(line.tenant.free);

    const cardsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.command(tech.id, `seats ${sub.id} +1`)).status).toBe(200);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[cardsBefore], 'the approval card');
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(card.blocks))?.[1] ?? '';
    expect((await h.click(ann.id, approvalsChannel, card, 'approve')).status).toBe(200);
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'succeeded', 'the seat change to succeed');

    // Pax8 has the seat; the tenant shows it only after the provisioning delay.
    const meanwhile = await answer(tech.id, `licenses ${t.companyId}`, /^Licences of/);
    expect(rowOf(meanwhile)).toContain(`Pax8 bills ${(sub.quantity ?? 0) + 1} seats; the tenant has ${line.tenant.enabled} enabled from them`);
    expect(freeIn(meanwhile)).toBe(line.tenant.free);
    expect((await fetch(`${h.sandbox.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT1M' }) })).status).toBe(200);
    const after = await answer(tech.id, `licenses ${t.companyId}`, /^Licences of/);
    expect(freeIn(after)).toBe(line.tenant.free + 1);
    expect(rowOf(after)).not.toContain('Pax8 bills');
  });

  it('says how to link a company without a tenant, and what the admin must do where the app is not consented', async () => {
    const linked = new Set(tenants.map((t) => t.companyId));
    const company = (await h.bot.intents.resolver.companies()).find((c) => !linked.has(c.id));
    if (!company) throw new Error('every company has a tenant');
    const unlinked = await answer(tech.id, `licenses ${company.id}`, /no Microsoft 365 tenant linked/);
    expect(shown(unlinked)).toContain('An admin links it with: tenant');
    const unconsented = tenants.find((t) => t.account === 'sandbox' && !t.consented) as TenantRow;
    const refused = await answer(tech.id, `licenses ${unconsented.companyId}`, /not consented/);
    expect(shown(refused)).toContain(`/login/${unconsented.tenantId}/adminconsent?client_id=sandbox`);
  });

  it('tenant links by domain and by id for an admin only, and says whether the app works there', async () => {
    const [a, b] = usable();
    if (!a || !b) throw new Error('too few tenants');
    const refused = await answer(tech.id, `tenant ${a.companyId} ${a.initialDomain}`, /Only admins/);
    expect(shown(refused)).toContain('Only admins can link a company to a Microsoft 365 tenant.');
    expect(await h.bot.store.companyTenants.get(a.companyId)).toBeUndefined();

    const byDomain = await answer(admin.id, `tenant ${a.companyId} ${a.initialDomain}`, /is linked to its Microsoft 365 tenant/);
    expect(shown(byDomain)).toContain(`now linked to tenant ${a.tenantId} (${a.initialDomain})`);
    expect(shown(byDomain)).toContain("The bot's app works there: token OK");
    const byId = await answer(admin.id, `tenant ${b.companyId} ${b.tenantId}`, /is linked to its Microsoft 365 tenant/);
    expect(shown(byId)).toContain(`now linked to tenant ${b.tenantId}.`);
    expect(await h.bot.store.companyTenants.get(b.companyId)).toMatchObject({ tenantId: b.tenantId, domain: undefined, setBy: admin.email });
  });

  it('users pages and filters; user shows one by UPN with its company', async () => {
    const t = usable()[0] as TenantRow;
    const first = await answer(tech.id, `users ${t.companyId}`, /^Users of/);
    expect(shown(first)).toMatch(/Page 1 of \d+ · \d+ users/);
    const page2 = await answer(tech.id, `users ${t.companyId} --page 2`, /^Users of/);
    expect(shown(page2)).toMatch(/Page 2 of/);
    const upn = /"command\\":\\"user (\S+?)\\"/.exec(shown(first))?.[1];
    if (!upn) throw new Error(`no Details button in ${shown(first).slice(0, 500)}`);
    const name = upn.split('.')[0] ?? '';
    const filtered = await answer(tech.id, `users ${t.companyId} ${name}`, /^Users of .* matching/);
    expect(filtered.text).toContain(`matching “${name}”`);
    expect(shown(filtered)).toContain(upn);

    const detail = await answer(tech.id, `user ${upn}`, /./);
    const company = (await h.bot.intents.resolver.companies()).find((c) => c.id === t.companyId);
    expect(shown(detail)).toContain(upn);
    expect(shown(detail)).toContain(company?.name ?? 'no company');
    expect(shown(detail)).toMatch(/Sign-in.*(enabled|blocked)/);
  });

  it('hostile text in the users filter is data: quotes, ${…} and <!channel> find nobody, and nothing pings', async () => {
    const t = usable()[0] as TenantRow;
    for (const text of [`"o'neil"`, `"' or 1 eq 1"`, '${request.id}', '<!channel>', '"*bold* <@U0ANN>"']) {
      const list = await answer(tech.id, `users ${t.companyId} ${text}`, /^Users of/);
      expect(shown(list)).toContain("No user's name or sign-in name starts with that.");
      expect(`${list.text} ${shown(list)}`).not.toMatch(/<!channel>|<@U0ANN>/);
    }
  });
});

describe('Microsoft 365 with two Pax8 accounts, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  afterAll(() => h.close());

  it('licenses --account reads the company in that account, its Pax8 subscriptions there, and its row buttons stay in it', async () => {
    h = await startSlackBot({ accounts: 2, microsoft: true });
    const tenants = ((await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: TenantRow[] }).tenants;
    const t = tenants.find((x) => x.account === 'sandbox-2' && x.consented && x.permissions.includes('User.ReadWrite.All'));
    if (!t) throw new Error('the second account has no usable tenant');
    const before = h.fake.messages(generalChannel).filter((m) => m.visibleTo === tech.id).map((m) => m.ts);
    expect((await h.command(tech.id, `licenses ${t.companyId} --account second`)).status).toBe(200);
    const list = await eventually(() => h.fake.messages(generalChannel).find((m) => m.visibleTo === tech.id && !before.includes(m.ts) && /^Licences of/.test(m.text)), 'the licences');
    const shownList = JSON.stringify(list.blocks);
    expect(shownList).toContain(`tenant ${t.tenantId}`);
    const sub = /"command\\":\\"seats (\S+?) --account second\\"/.exec(shownList)?.[1];
    if (!sub) throw new Error(`no Seats button kept in the account: ${shownList.slice(0, 800)}`);
    expect((await h.bot.pax8.get('second').subscriptions.get(sub)).companyId).toBe(t.companyId);
  }, 60_000);
});
