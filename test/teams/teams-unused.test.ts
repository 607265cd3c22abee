/**
 * `unused` in Teams with nothing configured (console mode: the in-process sandbox plays Pax8 and the
 * customers' tenants, each seeded tenant linked to its company): a surplus found by `unused` becomes,
 * with its Reduce button, a seats request that, once approved in the channel, reaches Pax8 once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handleCommand } from '../../src/intents/index.ts';
import type { FollowingClock } from '../../src/util/create-following-clock.ts';
import type { UnusedRow } from '../../src/views/index.ts';
import { botAddedToTeam, cardInvoke, channelMention } from '../helpers/teams-activities.ts';
import { askPrivately, cardTextOf, people, personalChatOf, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

const dayMs = 86_400_000;
let h: TeamsHarness;

beforeAll(async () => {
  h = await startTeamsHarness();
  expect((await h.post(botAddedToTeam(h.serviceUrl))).status).toBe(200);
  expect((await h.post(channelMention(h.serviceUrl, people.admin, 'approvals here'))).status).toBe(200);
  await vi.waitFor(async () => expect(await h.bot.store.chatRefs.getConversation('teams', 'approvals-channel')).toBeDefined(), { timeout: 20_000 });
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
});
