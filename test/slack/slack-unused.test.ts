/**
 * `unused` in Slack, whole bot over HTTP with the sandbox's Microsoft app and its seeded tenants
 * linked: the findings come as a list with Reduce (and Ignore for admins only), Reduce opens a seats
 * request posted to the approvals channel, and once approved it reaches Pax8 once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import { handleCommand } from '../../src/intents/index.ts';
import type { UnusedRow } from '../../src/views/index.ts';
import { approvalsChannel, eventually, generalChannel, rowButton, type SlackBotHarness, slackPeople, startSlackBot } from '../helpers/slack-harness.ts';

const { tech, ann, admin } = slackPeople;
const dayMs = 86_400_000;

describe('unused in Slack, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot({ microsoft: true });
  }, 60_000);
  afterAll(() => h.close());

  const privateTo = (user: string) => h.fake.messages(generalChannel).filter((m) => m.visibleTo === user);
  async function answer(user: string, text: string, title: RegExp): Promise<FakeSlackMessage> {
    const before = privateTo(user).map((m) => m.ts);
    expect((await h.command(user, text)).status).toBe(200);
    return structuredClone(await eventually(() => privateTo(user).find((m) => !before.includes(m.ts) && title.test(`${m.text} ${JSON.stringify(m.blocks)}`)), `the answer to "${text}"`));
  }

  it('lists the findings with Reduce, offers Ignore to admins only, and a Reduce approved reaches Pax8 once', async () => {
    const picked = handleCommand('unused', { actor: { userId: admin.id, email: admin.email, platform: 'slack', identity: 'fresh' }, channel: { platform: 'slack', id: 'C0PICK', isPersonal: false }, eventId: 'pick-unused' }, h.bot.intents);
    const view = picked.later ? await picked.later : picked.now;
    if (view.kind !== 'unusedList') throw new Error(`unused answered ${view.kind}`);
    // A monthly commitment in its first days: the reduction runs as soon as it is approved.
    const now = h.bot.clock.now().getTime();
    const row = view.items.find((r) => r.type === 'surplus' && r.reduceTo !== null && r.subscription?.commitmentTerm === 'Monthly' && Date.parse(r.subscription.commitmentEndDate ?? '') - now > 25 * dayMs) as UnusedRow;
    const subscriptionId = row.subscription?.id ?? '';

    const list = await answer(tech.id, `unused ${row.company.id}`, /Unused licences of/);
    const reduce = rowButton(list, `Reduce to ${row.reduceTo}`, subscriptionId);
    expect(JSON.stringify(list.blocks)).not.toContain('"Ignore"');
    const adminList = await answer(admin.id, `unused ${row.company.id}`, /Unused licences of/);
    expect(rowButton(adminList, 'Ignore', row.company.id).value).toContain(`unused ignore ${row.company.id}`);

    const cardsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.press(tech.id, generalChannel, list, reduce)).status).toBe(200);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[cardsBefore], 'the approval card');
    expect(JSON.stringify(card.blocks)).toContain(`to ${row.reduceTo}`);
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(card.blocks))?.[1] ?? '';
    const writesBefore = (await h.writes()).length;
    expect((await h.click(ann.id, approvalsChannel, card, 'approve')).status).toBe(200);
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'succeeded', 'the reduction to succeed');
    expect((await h.writes()).slice(writesBefore)).toEqual([expect.objectContaining({ method: 'PUT', path: `/v1/subscriptions/${subscriptionId}` })]);
    expect((await h.bot.pax8.get().subscriptions.get(subscriptionId)).quantity).toBe(row.reduceTo);
  }, 90_000);
});
