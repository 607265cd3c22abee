/**
 * Microsoft 365 in Teams with nothing configured (console mode: the in-process sandbox plays Pax8
 * and the customers' tenants, each seeded tenant linked to its company): `licenses` shows Pax8 and
 * tenant numbers side by side, a seat bought in chat and approved in the channel makes the tenant's
 * free count rise once the provisioning delay has passed, and `user` finds a user by UPN.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredActivity } from '../../src/fakes/bot-connector.ts';
import { handleCommand } from '../../src/intents/index.ts';
import { cardInvoke } from '../helpers/teams-activities.ts';
import { approvalsHere, askPrivately, people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

type Element = { type: string; text?: string; items?: Element[]; columns?: { items?: Element[] }[] };
type Card = { body?: Element[] };
type Person = (typeof people)[keyof typeof people];

const cardOf = (m: StoredActivity | undefined): Card => ((m?.activity.attachments as { content: Card }[] | undefined)?.[0]?.content ?? {});
const textOf = (value: unknown): string => JSON.stringify(value ?? {});
/** Every element's items, each list of siblings once (a row's text blocks sit together in one column). */
const siblings = (elements: Element[] = []): Element[][] => [elements, ...elements.flatMap((e) => [...siblings(e.items), ...(e.columns ?? []).flatMap((c) => siblings(c.items))])];

/** The tenant's free seats on the licence row that names the Pax8 subscription `short`. */
function freeOnRow(card: Card, short: string): number {
  const row = siblings(card.body).find((items) => items.some((e) => e.text?.includes(`id ${short}`)));
  const tenantLine = row?.find((e) => e.text?.startsWith('Tenant:'))?.text ?? '';
  return Number(/ (-?\d+) free/.exec(tenantLine)?.[1] ?? NaN);
}

let h: TeamsHarness;
let tenants: { tenantId: string; companyId: string; consented: boolean; permissions: string[] }[];

beforeAll(async () => {
  h = await startTeamsHarness();
  await approvalsHere(h);
  tenants = ((await (await fetch(`${h.bot.sandbox?.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: typeof tenants }).tenants;
}, 60_000);
afterAll(() => h.close());

/** Says `text` in personal chat; the bot's answer whose card matches `answer`, as it is then. */
const ask = (who: Person, text: string, answer: RegExp): Promise<StoredActivity> => askPrivately(h, who, text, answer);

describe('Microsoft 365 in Teams with nothing configured', () => {
  it('licenses shows Pax8 and the tenant side by side; a seat bought in chat raises the free count after the provisioning delay', async () => {
    const company = tenants.find((t) => t.consented && t.permissions.includes('User.ReadWrite.All'))?.companyId ?? '';
    const context = { actor: { userId: 'pick', email: people.tech.email, platform: 'teams' as const, identity: 'fresh' as const }, channel: { platform: 'teams' as const, id: 'pick', isPersonal: false }, eventId: 'pick' };
    const picked = handleCommand(`licenses ${company}`, context, h.bot.intents);
    const view = picked.later ? await picked.later : picked.now;
    const line = view.kind === 'licenceList' ? view.items.find((l) => l.tenant && l.mismatch === null && l.pax8.length === 1 && l.pax8[0]?.status === 'Active') : undefined;
    const sub = line?.pax8[0];
    if (!line?.tenant || !sub) throw new Error('no licence with one active Pax8 subscription that agrees with the tenant');
    const short = sub.id.slice(0, 8);

    const before = await ask(people.tech, `licenses ${company}`, /Licences of/);
    expect(textOf(cardOf(before))).toMatch(/Pax8: [^"]+ · \d+ seats? · /);
    expect(freeOnRow(cardOf(before), short)).toBe(line.tenant.free);

    const requested = await ask(people.tech, `seats ${sub.id} +1`, /Request/);
    const requestId = /Request (\S+) ·/.exec(textOf(cardOf(requested)))?.[1] ?? '';
    const channelCopy = await vi.waitFor(
      () => {
        const found = h.connector.messages(teamChannel).find((m) => textOf(cardOf(m)).includes(requestId));
        if (!found) throw new Error('no approval card in the channel yet');
        return found;
      },
      { timeout: 15_000 },
    );
    expect((await h.post(cardInvoke(h.serviceUrl, people.ann, teamChannel, channelCopy.id, { verb: 'approve', requestId, version: 1 }))).status).toBe(200);
    await vi.waitFor(async () => expect((await h.bot.approvals.get(requestId))?.state).toBe('succeeded'), { timeout: 15_000 });

    const meanwhile = await ask(people.tech, `licenses ${company}`, /Licences of/);
    expect(textOf(cardOf(meanwhile))).toContain(`Pax8 bills ${(sub.quantity ?? 0) + 1} seats`);
    expect((await fetch(`${h.bot.sandbox?.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT1M' }) })).status).toBe(200);
    const after = await ask(people.tech, `licenses ${company}`, /Licences of/);
    expect(freeOnRow(cardOf(after), short)).toBe(line.tenant.free + 1);
  });

  it('user finds a user by UPN in the linked tenant and names its company', async () => {
    const t = tenants.find((x) => x.consented) as (typeof tenants)[number];
    const users = await ask(people.tech, `users ${t.companyId}`, /Users of/);
    const upn = /"command":"user (\S+?)"/.exec(textOf(cardOf(users)))?.[1];
    if (!upn) throw new Error('no Details button on the users list');
    const detail = await ask(people.tech, `user ${upn}`, /Sign-in/);
    const company = (await h.bot.intents.resolver.companies()).find((c) => c.id === t.companyId);
    expect(textOf(cardOf(detail))).toContain(upn);
    expect(textOf(cardOf(detail))).toContain(company?.name ?? 'no company');
  });
});
