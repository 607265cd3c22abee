/**
 * `unused` in Teams with nothing configured (console mode: the in-process sandbox plays Pax8 and the
 * customers' tenants, each seeded tenant linked to its company): a surplus found by `unused` becomes,
 * with its Reduce button, a seats request that, once approved in the channel, reaches Pax8 once; a
 * blocked user who still holds a licence, with its Offboard button, an offboarding request for them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handleCardAction, handleCommand } from '../../src/intents/index.ts';
import type { FollowingClock } from '../../src/util/create-following-clock.ts';
import type { UnusedRow } from '../../src/views/index.ts';
import { cardInvoke } from '../helpers/teams-activities.ts';
import { approvalsHere, askPrivately, cardTextOf, people, personalChatOf, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

const dayMs = 86_400_000;
let h: TeamsHarness;

beforeAll(async () => {
  h = await startTeamsHarness();
  await approvalsHere(h);
}, 60_000);
afterAll(() => h.close());

async function writes(): Promise<{ method: string; path: string; isMock?: true }[]> {
  const body = (await (await fetch(`${h.bot.sandbox?.url}/__sandbox/writes`)).json()) as { writes: { method: string; path: string; isMock?: true }[] };
  return body.writes.filter((w) => w.isMock !== true);
}

describe('unused in Teams with nothing configured', () => {
  it('finds a surplus whose Reduce, once approved, reaches Pax8 once', async () => {
    const context = { actor: { userId: 'pick', email: people.tech.email, platform: 'teams' as const, identity: 'fresh' as const }, channel: { platform: 'teams' as const, id: 'pick', isPersonal: false }, eventId: 'pick' };
    const picked = handleCommand('unused', context, h.bot.intents);
    const view = picked.later ? await picked.later : picked.now;
    if (view.kind !== 'unusedList') throw new Error(`unused answered ${view.kind}`);
    // A monthly commitment renewing soonest: its reduction runs now, or at its renewal a few days on.
    const monthly = view.items.filter((r) => r.type === 'surplus' && r.reduceTo !== null && r.subscription?.commitmentTerm === 'Monthly');
    const row = monthly.sort((a, b) => (a.subscription?.commitmentEndDate ?? '').localeCompare(b.subscription?.commitmentEndDate ?? ''))[0] as UnusedRow;
    const subscriptionId = row.subscription?.id ?? '';
    const command = `unused reduce ${subscriptionId} ${row.reduceTo}`;

    const list = await askPrivately(h, people.tech, `unused ${row.company.id}`, /Unused licences of/);
    expect(cardTextOf(list)).toContain(`"command":"${command}"`);
    expect(cardTextOf(list)).toContain(`Reduce to ${row.reduceTo}`);

    const before = h.connector.messages(personalChatOf(people.tech)).map((m) => m.id);
    expect((await h.post(cardInvoke(h.serviceUrl, people.tech, personalChatOf(people.tech), list.id, { verb: 'choose', command }))).status).toBe(200);
    const requested = await vi.waitFor(
      () => {
        const found = h.connector.messages(personalChatOf(people.tech)).find((m) => !before.includes(m.id) && /Request \S+ ·/.test(cardTextOf(m)));
        if (!found) throw new Error('no request card yet');
        return found;
      },
      { timeout: 20_000 },
    );
    const requestId = /Request (\S+) ·/.exec(cardTextOf(requested))?.[1] ?? '';
    const channelCopy = await vi.waitFor(
      () => {
        const found = h.connector.messages(teamChannel).find((m) => cardTextOf(m).includes(requestId));
        if (!found) throw new Error('no approval card in the channel yet');
        return found;
      },
      { timeout: 15_000 },
    );
    const writesBefore = (await writes()).length;
    expect((await h.post(cardInvoke(h.serviceUrl, people.ann, teamChannel, channelCopy.id, { verb: 'approve', requestId, version: 1 }))).status).toBe(200);
    await vi.waitFor(async () => expect(['succeeded', 'scheduled']).toContain((await h.bot.approvals.get(requestId))?.state), { timeout: 15_000 });
    if ((await h.bot.approvals.get(requestId))?.state === 'scheduled') {
      expect(await writes()).toHaveLength(writesBefore);
      const opens = Date.parse(row.subscription?.commitmentEndDate ?? '') + 3_600_000;
      expect(opens - h.bot.clock.now().getTime()).toBeLessThan(31 * dayMs);
      await fetch(`${h.bot.sandbox?.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ set: new Date(opens).toISOString() }) });
      await (h.bot.clock as Partial<FollowingClock>).sync?.();
      await h.bot.approvals.scheduler.tick();
    }
    await vi.waitFor(async () => expect((await h.bot.approvals.get(requestId))?.state).toBe('succeeded'), { timeout: 15_000 });
    expect((await writes()).slice(writesBefore)).toEqual([expect.objectContaining({ method: 'PUT', path: `/v1/subscriptions/${subscriptionId}` })]);
  }, 90_000);

  it('shows Offboard on a blocked user who still holds a licence; the click opens the offboarding of that user', async () => {
    // Blocked users come after the seat findings: read the pages of `unused` until one shows.
    let row: UnusedRow | undefined;
    for (let page = 1, more = true; more && !row; page++) {
      const context = { actor: { userId: 'pick', email: people.tech.email, platform: 'teams' as const, identity: 'fresh' as const }, channel: { platform: 'teams' as const, id: 'pick', isPersonal: false }, eventId: `pick-blocked-${page}` };
      const picked = page === 1 ? handleCommand('unused', context, h.bot.intents) : handleCardAction({ verb: 'page', command: 'unused', page }, context, h.bot.intents);
      const view = picked.later ? await picked.later : picked.now;
      if (view.kind !== 'unusedList') throw new Error(`unused answered ${view.kind}`);
      row = view.items.find((r) => r.type === 'blocked' && (r.user?.licences.length ?? 0) > 0);
      more = view.paging.next !== null;
    }
    if (!row?.user) throw new Error('the demo tenants hold no blocked user with a licence');
    const upn = row.user.upn;
    const command = row.actions.find((a) => a.label === 'Offboard')?.command ?? '';
    expect(command).toMatch(new RegExp(`^offboard ".+" ${upn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));

    const list = await askPrivately(h, people.tech, `unused ${row.company.id}`, /Unused licences of/);
    expect(cardTextOf(list)).toContain(JSON.stringify(command).slice(1, -1));
    expect(cardTextOf(list)).toContain('"title":"Offboard"');

    const chat = personalChatOf(people.tech);
    const before = h.connector.messages(chat).map((m) => m.id);
    expect((await h.post(cardInvoke(h.serviceUrl, people.tech, chat, list.id, { verb: 'choose', command }))).status).toBe(200);
    const form = await vi.waitFor(
      () => {
        const found = h.connector.messages(chat).find((m) => !before.includes(m.id) && /Request offboarding/.test(cardTextOf(m)));
        if (!found) throw new Error('no offboarding form yet');
        return structuredClone(found);
      },
      { timeout: 20_000 },
    );
    expect(cardTextOf(form)).toContain(upn);
    type Input = { type: string; id?: string; value?: unknown; items?: Input[] };
    type Card = { body?: Input[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };
    const card = (form.activity.attachments as { content: Card }[] | undefined)?.[0]?.content ?? {};
    const flat = (elements: Input[] = []): Input[] => elements.flatMap((e) => [e, ...flat(e.items)]);
    const typed = Object.fromEntries(flat(card.body).filter((e) => e.type.startsWith('Input.')).map((e) => [e.id ?? '', String(e.value)]));
    const submit = card.actions?.find((a) => a.verb === 'submit_offboard');
    if (!submit) throw new Error('the form has no submit button');
    const answer = await h.post(cardInvoke(h.serviceUrl, people.tech, chat, form.id, { ...submit.data, ...typed }));
    expect(answer.status).toBe(200);
    const opened = await vi.waitFor(
      async () => {
        const found = (await h.bot.approvals.list({ states: ['pending'] })).find((r) => r.kind === 'offboard' && JSON.stringify(r.payload).includes(upn));
        if (!found) throw new Error('no offboarding request yet');
        return found;
      },
      { timeout: 20_000 },
    );
    expect(opened.requester.email).toBe(people.tech.email);
    expect(opened.summary).toContain(upn);
  }, 90_000);
});
