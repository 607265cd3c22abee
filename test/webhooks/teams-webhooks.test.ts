import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cardInvoke, personalMessage } from '../helpers/teams-activities.ts';
import { approvalsHere, cardTextOf, people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

let h: TeamsHarness;

beforeAll(async () => {
  h = await startTeamsHarness();
  await approvalsHere(h);
});
afterAll(() => h.close());

describe('Pax8 events with the built-in sandbox (npm start with no credentials), Teams', () => {
  it('the sandbox sends its events to the bot itself: an approved purchase\'s card is updated in place with "provisioned at Microsoft"', async () => {
    const command = 'buy "Aspen Logistics Group" "Exchange Online (Plan 1)" 2 monthly msCustExists=no msDomain=aspenhooks mca2020FirstName=Al mca2020LastName=Aspen mca2020Email=al@aspen.example mca2020EffectiveDate=2026-01-01';
    const before = h.connector.messages(teamChannel).map((m) => m.id);
    expect((await h.post(personalMessage(h.serviceUrl, people.tech, command))).status).toBe(200);
    const posted = await vi.waitFor(
      () => {
        const copy = h.connector.messages(teamChannel).find((m) => !before.includes(m.id) && /Request [0-9a-f-]{36}/.test(cardTextOf(m)));
        if (!copy) throw new Error(`no approval card yet: ${JSON.stringify(h.connector.allMessages().map((m) => cardTextOf(m).slice(0, 300)))}`);
        return copy;
      },
      { timeout: 15_000 },
    );
    const requestId = /Request ([0-9a-f-]{36})/.exec(cardTextOf(posted))?.[1] ?? '';
    expect((await h.post(cardInvoke(h.serviceUrl, people.ann, teamChannel, posted.id, { verb: 'approve', requestId, version: 1 }))).status).toBe(200);
    await vi.waitFor(async () => expect((await h.bot.approvals.get(requestId))?.state).toBe('succeeded'), { timeout: 15_000 });

    // Pax8 provisions the subscription at Microsoft a few minutes later: the sandbox's clock moves on.
    await fetch(`${h.bot.sandbox?.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT6M' }) });
    await vi.waitFor(() => expect(cardTextOf(h.connector.messages(teamChannel).find((m) => m.id === posted.id))).toContain('provisioned at Microsoft'), { timeout: 15_000 });
    const updates = h.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === posted.id && JSON.stringify(c.body).includes('provisioned at Microsoft'));
    expect(updates.length).toBeGreaterThan(0);

    // The event reached the bot through POST /pax8/webhooks with the sandbox's value, and its request explained it.
    const subscriptionIds = ((await h.bot.approvals.get(requestId))?.result as { subscriptionIds: string[] }).subscriptionIds;
    await vi.waitFor(async () => {
      const events = (await h.bot.store.webhookEvents.list()).filter((e) => subscriptionIds.includes((e.payload as { payloadData: { subscriptionId?: string } }).payloadData.subscriptionId ?? ''));
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.outcome?.startsWith('explained by request'))).toBe(true);
    });
    expect((await h.bot.store.audit.list()).filter((a) => a.action === 'changed_outside' && a.pax8Ids.some((id) => subscriptionIds.includes(id)))).toEqual([]);
  });
});
