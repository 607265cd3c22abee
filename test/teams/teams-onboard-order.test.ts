/**
 * `onboard` in Teams when no seat is free and no Pax8 subscription of the licence can grow (each
 * one is cancelled, or on its way there), whole bot over HTTP: the form asks the provisioning
 * details the new Pax8 order needs and the bot cannot answer itself, refuses a bad one next to its
 * field with nothing stored, and the approval card says "a new order of 1 × …; dry run passed at
 * Pax8". Approved, exactly one `POST /orders` reaches Pax8; the user is created once, after the seat
 * shows in the tenant (the sandbox clock moved past its provisioning delay).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredActivity } from '../../src/fakes/bot-connector.ts';
import { handleCommand } from '../../src/intents/index.ts';
import { skuDisplayName } from '../../src/microsoft/sku-names.ts';
import { holdsSeats, isLiveSubscription } from '../../src/pax8/index.ts';
import type { FollowingClock } from '../../src/util/create-following-clock.ts';
import type { DetailsFormView } from '../../src/views/index.ts';
import { type Card, cardOf, inputsOf, problemsOf, shownTexts, textOf , detailsFormIn, requestCardIn } from '../helpers/teams-cards.ts';
import { cardInvoke } from '../helpers/teams-activities.ts';
import { approvalsHere, people, personalChatOf, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

const personal = personalChatOf(people.tech);

interface Write {
  method: string;
  path: string;
  status: number | null;
  isMock?: boolean;
  tenantId?: string;
}

describe('onboard in Teams with a new Pax8 order for the seat', () => {
  let h: TeamsHarness;
  let target: { companyId: string; tenantId: string; defaultDomain: string; licence: string };
  let form: StoredActivity;
  let current: Card;

  const adminGet = async (path: string) => (await fetch(`${h.sandboxUrl}/__sandbox${path}`)).json() as Promise<Record<string, unknown>>;
  const pax8Writes = async () => ((await adminGet('/writes')).writes as Write[]).filter((w) => w.isMock !== true);
  const graphWrites = async () => ((await adminGet('/microsoft/writes')).writes as Write[]).filter((w) => w.tenantId === target.tenantId);

  async function submit(answers: Record<string, string>): Promise<Card> {
    const data = current.actions?.find((a) => a.verb === 'submit_details')?.data ?? {};
    const values = Object.fromEntries(inputsOf(current).map((i) => [i.id ?? '', i.value ?? '']));
    const typed = Object.fromEntries(Object.entries(answers).map(([k, v]) => [`detail__${k}`, v]));
    const response = await h.post(cardInvoke(h.serviceUrl, people.tech, personal, form.id, { ...data, ...values, ...typed }));
    const body = (await response.json()) as { statusCode: number; value: Card };
    expect(body.statusCode).toBe(200);
    current = body.value;
    return body.value;
  }

  /**
   * A linked tenant the bot may create users in, and a licence of it with no seat free whose Pax8
   * subscriptions all hold seats but none can grow (cancelled at the end of the term, or not active).
   */
  async function findTarget(): Promise<typeof target | undefined> {
    const { tenants } = (await adminGet('/microsoft/tenants')) as { tenants: { tenantId: string; companyId: string; defaultDomain: string; consented: boolean; permissions: string[] }[] };
    const pax8 = h.bot.pax8.get();
    for (const t of tenants.filter((x) => x.consented && x.permissions.includes('User.ReadWrite.All'))) {
      const result = handleCommand(`onboard ${t.companyId}`, { actor: { userId: people.tech.id, email: people.tech.email, platform: 'teams', identity: 'fresh' }, channel: { platform: 'teams', id: 'pick', isPersonal: true }, eventId: `pick-${t.companyId}` }, h.bot.intents);
      const view = result.later ? await result.later : result.now;
      if (view.kind !== 'detailsForm') continue;
      const noneFree = noneFreeLicences(view);
      if (noneFree.length === 0) continue;
      const bySku = new Map<string, { growable: boolean }>();
      for await (const listed of pax8.subscriptions.list({ companyId: t.companyId })) {
        const sub = await pax8.subscriptions.get(listed.id);
        if (!sub.vendorSkuId || !holdsSeats(sub)) continue;
        const name = skuDisplayName({ skuId: sub.vendorSkuId });
        const growable = isLiveSubscription(sub);
        bySku.set(name, { growable: (bySku.get(name)?.growable ?? false) || growable });
      }
      const licence = noneFree.find((name) => bySku.get(name)?.growable === false);
      if (licence) return { companyId: t.companyId, tenantId: t.tenantId, defaultDomain: t.defaultDomain, licence };
    }
    return undefined;
  }

  beforeAll(async () => {
    h = await startTeamsHarness({ unlinkedTenants: 0 });
    await approvalsHere(h);
    const found = await findTarget();
    if (!found) throw new Error('the sandbox seed has no linked tenant with a licence no Pax8 subscription can grow and no free seat');
    target = found;
    form = await detailsFormIn(h, people.tech, personal, `onboard ${target.companyId}`);
    current = cardOf(form);
  }, 180_000);
  afterAll(() => h?.close());

  let requestId = '';
  let userPrincipalName = '';

  it('the licence is offered with no seat free; choosing it asks what the new order needs, refuses a bad answer next to its field, stores nothing', async () => {
    const licence = inputsOf(current).find((i) => i.id === 'detail__licence');
    expect(licence?.choices?.map((c) => c.value)).toContain(target.licence);
    expect(shownTexts(current).join('\n')).toContain(`${target.licence}: none free (one is bought at Pax8)`);
    const [channelBefore, pax8Before] = [h.connector.messages(teamChannel).length, (await pax8Writes()).length];

    const suffix = Date.now().toString(36);
    userPrincipalName = `order.starter${suffix}@${target.defaultDomain}`.toLowerCase();
    const asked = await submit({ firstName: 'Order', lastName: `Starter${suffix}`, licence: target.licence });
    const askedFor = inputsOf(asked).map((i) => i.id?.slice('detail__'.length) ?? '');
    const extra = askedFor.filter((k) => !['firstName', 'lastName', 'displayName', 'userName', 'usageLocation', 'licence', 'startDate', 'manager', 'notes'].includes(k));
    expect(extra.length, textOf(asked)).toBeGreaterThan(0);
    // The tenant is linked: the bot answers "existing Microsoft customer" and "tenant id" itself.
    expect(extra).not.toContain('msCustExists');
    expect(extra).not.toContain('msTenantId');
    const problems = problemsOf(asked);
    for (const key of extra) expect(problems[key]).toMatch(/^Needed for the new Pax8 order of /);
    expect(inputsOf(asked).find((i) => i.id === 'detail__lastName')?.value).toBe(`Starter${suffix}`);

    const answers: Record<string, string> = { mca2020FirstName: 'Ann', mca2020LastName: 'Admin', mca2020Email: 'ann@customer.example', mca2020EffectiveDate: h.bot.clock.now().toISOString().slice(0, 10) };
    const email = extra.includes('mca2020Email') ? 'mca2020Email' : extra[0] ?? '';
    const bad = await submit({ ...Object.fromEntries(extra.map((k) => [k, answers[k] ?? 'x'])), [email]: 'not an e-mail' });
    const refused = problemsOf(bad);
    expect(Object.keys(refused)).toEqual([email]);
    expect(refused[email]).not.toBe('');
    expect(await h.bot.approvals.list({})).toHaveLength(0);
    expect(h.connector.messages(teamChannel)).toHaveLength(channelBefore);
    expect(await pax8Writes()).toHaveLength(pax8Before);

    const done = await submit(Object.fromEntries(extra.map((k) => [k, answers[k] ?? 'x'])));
    requestId = /Request ([0-9a-f-]{36})/.exec(textOf(done))?.[1] ?? '';
    const request = await h.bot.approvals.get(requestId);
    expect(request, textOf(done)).toMatchObject({ kind: 'onboard', state: 'pending' });
    const payload = request?.payload as { seatSubscription: unknown; seatOrder: { productName: string; billingTerm: string; provisioningDetails?: { key: string; values: string[] }[] } | null; user: { userPrincipalName: string } };
    expect(payload.user.userPrincipalName).toBe(userPrincipalName);
    expect(payload.seatSubscription).toBeNull();
    expect(payload.seatOrder?.provisioningDetails?.find((d) => d.key === 'msTenantId')?.values).toEqual([target.tenantId]);
    expect(textOf(done)).toMatch(new RegExp(`no seat is free and no subscription of ${target.licence}: a new order of 1 × ${payload.seatOrder?.productName ?? '?'} \\([a-z0-9-]+, \\+\\d+\\.\\d\\d [A-Z]{3}/month; dry run passed at Pax8\\)`));
  }, 60_000);

  it('approved: exactly one POST /orders; the user is created once, after the seat shows in the tenant', async () => {
    const card = await requestCardIn(h, teamChannel, requestId);
    expect(shownTexts(cardOf(card)).join('\n')).toContain('a new order of 1 × ');
    const [pax8Before, graphBefore] = [(await pax8Writes()).length, (await graphWrites()).length];
    const version = (await h.bot.approvals.get(requestId))?.version;
    expect((await h.post(cardInvoke(h.serviceUrl, people.ann, teamChannel, card.id, { verb: 'approve', requestId, version }))).status).toBe(200);

    const waiting = await vi.waitFor(
      async () => {
        const now = await h.bot.approvals.get(requestId);
        expect(now?.state).toBe('scheduled');
        return now;
      },
      { timeout: 30_000 },
    );
    expect(waiting?.reason).toContain('waiting for Microsoft');
    expect((await pax8Writes()).slice(pax8Before).map((w) => `${w.method} ${w.path}`)).toEqual(['POST /v1/orders']);
    expect((await graphWrites()).slice(graphBefore).filter((w) => w.method === 'POST' && w.path === '/graph/v1.0/users')).toEqual([]);

    await vi.waitFor(
      async () => {
        const now = await h.bot.approvals.get(requestId);
        if (now?.state === 'scheduled') {
          await fetch(`${h.sandboxUrl}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'PT2M' }) });
          await (h.bot.clock as FollowingClock).sync();
          await h.bot.approvals.scheduler.tick();
        }
        expect(now?.state, now?.reason ?? '').toBe('succeeded');
      },
      { timeout: 60_000, interval: 500 },
    );
    await h.bot.delivery.idle();
    expect((await pax8Writes()).slice(pax8Before).map((w) => `${w.method} ${w.path}`)).toEqual(['POST /v1/orders']);
    const graph = (await graphWrites()).slice(graphBefore).filter((w) => (w.status ?? 0) < 300);
    expect(graph.filter((w) => w.method === 'POST' && w.path === '/graph/v1.0/users')).toHaveLength(1);
    expect(graph.filter((w) => w.path.endsWith('/assignLicense'))).toHaveLength(1);
    const said = await vi.waitFor(
      () => {
        const found = h.connector.messages(personal).map((m) => JSON.stringify(m.activity)).find((t) => t.includes('can sign in with the temporary password'));
        if (!found) throw new Error('no password in the personal chat yet');
        return found;
      },
      { timeout: 20_000 },
    );
    expect(said).toContain(userPrincipalName);
  }, 120_000);
});

/** The form's licences with no seat free in the tenant, from the licence field's hint. */
function noneFreeLicences(view: DetailsFormView): string[] {
  const hint = view.fields.find((f) => f.key === 'licence')?.description ?? '';
  return [...hint.matchAll(/(?:^|; )([^;]+?): none free/g)].map((m) => m[1] ?? '');
}
