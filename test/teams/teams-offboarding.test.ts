/**
 * Offboarding in Teams with nothing configured (the console's demo: the built-in sandbox plays Pax8
 * and the tenants), whole bot over HTTP: the form is a card with toggles and a choice per seat; its
 * submission opens the request; once approved the steps run; an annual seat's release is scheduled
 * and runs once, in its renewal window, when the sandbox clock is moved there (the console's "Jump
 * to the next scheduled change").
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredActivity } from '../../src/fakes/bot-connector.ts';
import { handleCommand } from '../../src/intents/index.ts';
import type { OffboardFormView } from '../../src/views/index.ts';
import { cardInvoke } from '../helpers/teams-activities.ts';
import { approvalsHere, askPrivately, people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

type Action = { type: string; title?: string; verb?: string; data?: Record<string, unknown> };
type Element = { type: string; id?: string; value?: unknown; items?: Element[]; actions?: Action[] };
type Card = { body?: Element[]; actions?: Action[] };

const cardOf = (m: StoredActivity | undefined): Card => ((m?.activity.attachments as { content: Card }[] | undefined)?.[0]?.content ?? {});
const flat = (elements: Element[] = []): Element[] => elements.flatMap((e) => [e, ...flat(e.items)]);
const textOf = (value: unknown): string => JSON.stringify(value ?? {});
const personal = `a:personal-${people.tech.id}`;

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
  await approvalsHere(h);
}, 60_000);
afterAll(() => h.close());

async function viewOf(text: string) {
  const context = { actor: { userId: 'pick', email: people.tech.email, platform: 'teams' as const, identity: 'fresh' as const }, channel: { platform: 'teams' as const, id: 'pick', isPersonal: false }, eventId: `pick-${Math.random()}` };
  const result = handleCommand(text, context, h.bot.intents);
  return result.later ? await result.later : result.now;
}

/** A user of the demo tenants whose form passes `pick`. */
async function findLeaver(pick: (f: OffboardFormView) => boolean): Promise<OffboardFormView> {
  const { tenants } = (await (await fetch(`${h.bot.sandbox?.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { companyId: string; consented: boolean; permissions: string[] }[] };
  for (const t of tenants.filter((x) => x.consented && x.permissions.includes('User.ReadWrite.All'))) {
    const users = await viewOf(`users ${t.companyId}`);
    if (users.kind !== 'userList') continue;
    for (const u of users.items.filter((x) => x.enabled === true)) {
      const form = await viewOf(`offboard ${t.companyId} ${u.upn}`);
      if (form.kind === 'offboardForm' && pick(form)) return form;
    }
  }
  throw new Error('no demo user fits');
}

const pax8Writes = async () => ((await (await fetch(`${h.bot.sandbox?.url}/__sandbox/writes`)).json()) as { writes: { method: string; path: string; isMock?: boolean }[] }).writes.filter((w) => !w.isMock);

describe('offboarding in Teams, whole bot over HTTP', () => {
  it('the form card submits its toggles and seat choice; approved, an annual seat waits for its window and runs there once', async () => {
    const form = await findLeaver((f) => f.licences.filter((l) => l.seat.action === 'release').length === 1 && f.licences.some((l) => l.seat.action === 'release' && l.seat.timing.mode === 'atRenewal'));
    const seat = form.licences.flatMap((l) => (l.seat.action === 'release' ? [l.seat] : []))[0];
    if (!seat || seat.action !== 'release') throw new Error('unreachable');
    const shown = await askPrivately(h, people.tech, form.command, /Request offboarding/);
    const inputs = flat(cardOf(shown).body).filter((e) => e.type.startsWith('Input.'));
    expect(inputs.map((e) => e.id)).toEqual(expect.arrayContaining(['block_sign_in', 'remove_licences', `seat__${form.licences.find((l) => l.seat.action === 'release')?.skuId.toLowerCase() ?? ''}`]));
    const submit = (cardOf(shown).actions ?? []).find((a) => a.verb === 'submit_offboard');
    if (!submit) throw new Error('no submit button');
    const typed = Object.fromEntries(inputs.map((e) => [e.id ?? '', String(e.value)]));
    const before = h.connector.messages(personal).map((m) => m.id);
    const invoke = await h.post(cardInvoke(h.serviceUrl, people.tech, personal, shown.id, { ...submit.data, ...typed }));
    expect(invoke.status).toBe(200);
    const answer = (await invoke.json()) as { value: unknown };
    const requestId = /Request ([0-9a-f-]{36})/.exec(textOf(answer.value))?.[1] ?? (await vi.waitFor(() => {
      const found = h.connector.messages(personal).find((m) => !before.includes(m.id) && /Request [0-9a-f-]{36}/.test(textOf(cardOf(m))));
      if (!found) throw new Error('no request yet');
      return /Request ([0-9a-f-]{36})/.exec(textOf(cardOf(found)))?.[1] ?? '';
    }, { timeout: 20_000 }));
    expect(requestId).not.toBe('');
    const channelCopy = await vi.waitFor(() => {
      const found = h.connector.messages(teamChannel).find((m) => textOf(cardOf(m)).includes(requestId));
      if (!found) throw new Error('no approval card in the channel yet');
      return found;
    }, { timeout: 15_000 });
    expect(textOf(cardOf(channelCopy))).toContain('Monthly saving');
    const writesBefore = (await pax8Writes()).length;
    expect((await h.post(cardInvoke(h.serviceUrl, people.ann, teamChannel, channelCopy.id, { verb: 'approve', requestId, version: 1 }))).status).toBe(200);
    await vi.waitFor(async () => {
      const now = await h.bot.approvals.get(requestId);
      expect(now?.state, now?.reason ?? '').toBe('succeeded');
    }, { timeout: 30_000 });
    const [child] = (await h.bot.approvals.list({ states: ['scheduled'] })).filter((r) => r.kind === 'seats' && JSON.stringify(r.payload).includes(seat.subscriptionId));
    if (!child) throw new Error('the release is not scheduled');
    // The release got its own card in the approvals channel when it was opened: approved with its parent, scheduled, nothing to approve.
    await h.bot.delivery.idle();
    const childCard = h.connector.messages(teamChannel).find((m) => textOf(cardOf(m)).includes(child.id));
    if (!childCard) throw new Error('the seat release has no card in the approvals channel');
    expect(textOf(cardOf(childCard))).toContain('Approved, scheduled');
    expect(textOf(cardOf(childCard))).not.toContain('Waiting for approval');
    expect(textOf(cardOf(childCard))).not.toContain('"verb":"approve"');
    expect((await pax8Writes()).slice(writesBefore).filter((w) => w.path.includes(seat.subscriptionId))).toEqual([]);

    // The console's "Jump to the next scheduled change": the sandbox clock moves to the run time; the scheduler runs it.
    const jump = await fetch(`${h.bot.url}/console/api/clock/next-scheduled`, { method: 'POST', headers: { origin: h.bot.url } });
    expect(jump.status).toBe(200);
    await vi.waitFor(async () => {
      await h.bot.approvals.scheduler.tick();
      const now = await h.bot.approvals.get(child.id);
      expect(now?.state, now?.reason ?? '').toBe('succeeded');
    }, { timeout: 30_000, interval: 500 });
    await h.bot.approvals.scheduler.tick();
    expect((await pax8Writes()).slice(writesBefore).filter((w) => w.method === 'PUT' && w.path.includes(seat.subscriptionId))).toHaveLength(1);
  }, 120_000);
});
