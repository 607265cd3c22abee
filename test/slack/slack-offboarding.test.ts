/**
 * Offboarding in Slack, whole bot over HTTP against the sandbox (Pax8 and the Microsoft tenants):
 * a name search answers with rows and an Offboard button; the form opens as a modal; an approved
 * offboarding blocks sign-in, revokes sessions, removes the licences held directly and releases each
 * seat: one whose commitment allows a decrease today with exactly one Pax8 decrease, an annual one
 * as a seats request of its own scheduled for its renewal window (its run there is in
 * test/approvals/offboard-steps and test/teams/teams-offboarding); a group-inherited licence is left to its group;
 * with `onboarding.blockSignInBeforeApproval` sign-in is blocked when asked, and not again after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import { handleCommand } from '../../src/intents/index.ts';
import type { OffboardFormView } from '../../src/views/index.ts';
import { approvalsChannel, buttonIn, defaultRoles, eventually, generalChannel, rowButton, type SlackBotHarness, slackPeople, startSlackBot } from '../helpers/slack-harness.ts';

const { tech, ann } = slackPeople;

interface GraphWrite {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
  tenantId: string | null;
}

/** The first user of the seeded tenants (account 1, consented) whose form passes `pick`. */
async function findLeaver(h: SlackBotHarness, pick: (form: OffboardFormView) => boolean, skip: ReadonlySet<string>): Promise<OffboardFormView> {
  const { tenants } = (await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { companyId: string; account: string; consented: boolean; permissions: string[] }[] };
  for (const t of tenants.filter((x) => x.account === 'sandbox' && x.consented && x.permissions.includes('User.ReadWrite.All'))) {
    const users = await viewOf(h, `users ${t.companyId}`);
    if (users.kind !== 'userList') continue;
    for (const u of users.items.filter((x) => x.enabled === true && !skip.has(x.upn))) {
      const form = await viewOf(h, `offboard ${t.companyId} ${u.upn}`);
      if (form.kind === 'offboardForm' && pick(form)) return form;
    }
  }
  throw new Error('no seeded user fits');
}

async function viewOf(h: SlackBotHarness, text: string) {
  const result = handleCommand(text, { actor: { userId: tech.id, email: tech.email, platform: 'slack', identity: 'fresh' }, channel: { platform: 'slack', id: 'C0PICK', isPersonal: false }, eventId: `pick-${text}-${Math.random()}` }, h.bot.intents);
  return result.later ? await result.later : result.now;
}

const releaseTimings = (form: OffboardFormView) => form.licences.flatMap((l) => (l.seat.action === 'release' ? [l.seat.timing.mode] : []));

async function graphWrites(h: SlackBotHarness): Promise<GraphWrite[]> {
  return ((await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/writes`)).json()) as { writes: GraphWrite[] }).writes;
}

/** Opens the form in chat, submits its modal with the defaults (block, remove, release), and returns the approval card. */
async function requestOffboarding(h: SlackBotHarness, form: OffboardFormView): Promise<{ card: FakeSlackMessage; requestId: string }> {
  const privateTo = () => h.fake.messages(generalChannel).filter((m) => m.visibleTo === tech.id && /^Offboard /.test(m.text));
  const before = privateTo().length;
  expect((await h.command(tech.id, form.command)).status).toBe(200);
  const message = await eventually(() => privateTo()[before], 'the offboarding form');
  const opensBefore = h.fake.callsOf('views.open').length;
  await h.click(tech.id, generalChannel, message, 'submit_offboard');
  const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the offboarding modal');
  const view = JSON.parse(String(opened.args['view'])) as { callback_id: string; blocks: { type: string; block_id?: string; element?: { type: string; options?: { value: string }[]; initial_option?: { value: string }; initial_options?: { value: string }[] } }[] };
  expect(view.callback_id).toBe('submit_offboard');
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks.filter((b) => b.type === 'input')) {
    const id = block.block_id ?? '';
    values[id] = { [id]: block.element?.type === 'checkboxes' ? { type: 'checkboxes', selected_options: block.element.initial_options ?? [] } : { type: 'radio_buttons', selected_option: block.element?.initial_option } };
  }
  expect(Object.keys(values)).toEqual(expect.arrayContaining(['block_sign_in', 'remove_licences']));
  const cardsBefore = h.fake.messages(approvalsChannel).length;
  expect((await h.submitView(tech.id, view, values)).status).toBe(200);
  const card = await eventually(() => h.fake.messages(approvalsChannel)[cardsBefore], 'the approval card');
  const requestId = /Request (\S+) ·/.exec(JSON.stringify(card.blocks))?.[1];
  if (!requestId) throw new Error(`no request id on the card: ${JSON.stringify(card.blocks).slice(0, 500)}`);
  return { card, requestId };
}

describe('offboarding in Slack, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  const used = new Set<string>();
  beforeAll(async () => {
    h = await startSlackBot({ microsoft: true });
  }, 60_000);
  afterAll(() => h.close());

  const stateOf = async (id: string) => (await h.bot.approvals.get(id))?.state;

  it('a name that matches several users answers with rows, each with an Offboard button that opens the form', async () => {
    const form = await findLeaver(h, () => true, used);
    const initial = (form.user.displayName ?? form.user.upn).slice(0, 1);
    const lists = () => h.fake.messages(generalChannel).filter((m) => m.visibleTo === tech.id && /Users of/.test(`${m.text} ${JSON.stringify(m.blocks)}`));
    const before = lists().length;
    await h.command(tech.id, `offboard ${form.company.id} ${initial}`);
    const list = await eventually(() => lists()[before], 'the rows');
    const button = rowButton(list, 'Offboard', form.user.upn);
    const forms = () => h.fake.messages(generalChannel).filter((m) => m.visibleTo === tech.id && /^Offboard /.test(m.text));
    const formsBefore = forms().length;
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.press(tech.id, generalChannel, list, button);
    // Slack takes input only in modals: the answer opens as one, or comes as a message whose button opens it.
    await eventually(() => h.fake.callsOf('views.open')[opensBefore] ?? forms()[formsBefore], 'the form');
  }, 180_000);

  it('a seat whose commitment allows a decrease today: approved → sign-in blocked, sessions revoked, licence removed, exactly one Pax8 decrease', async () => {
    const form = await findLeaver(h, (f) => releaseTimings(f).includes('now') && f.licences.every((l) => l.assignment === 'direct'), used);
    used.add(form.user.upn);
    const released = form.licences.flatMap((l) => (l.seat.action === 'release' && l.seat.timing.mode === 'now' ? [l.seat] : []));
    const graphBefore = (await graphWrites(h)).length;
    const pax8Before = (await h.writes()).length;
    const { card, requestId } = await requestOffboarding(h, form);
    expect(JSON.stringify(card.blocks)).toMatch(/Monthly saving/);
    expect(await stateOf(requestId)).toBe('pending');
    expect((await graphWrites(h)).length).toBe(graphBefore);
    await h.click(ann.id, approvalsChannel, card, 'approve');
    await eventually(async () => ((await stateOf(requestId)) === 'succeeded' ? true : undefined), 'the offboarding to succeed', 30_000);
    const graph = (await graphWrites(h)).slice(graphBefore).filter((w) => w.path.includes(form.user.id) || w.path.includes(encodeURIComponent(form.user.upn)));
    expect(graph.map((w) => `${w.method} ${w.path.replace(/^.*\/users\/[^/]+/, '/users/{id}')}`)).toEqual(['PATCH /users/{id}', 'POST /users/{id}/revokeSignInSessions', 'POST /users/{id}/assignLicense']);
    expect(graph[0]?.body).toEqual({ accountEnabled: false });
    expect((graph[2]?.body?.['removeLicenses'] as string[]).sort()).toEqual(form.licences.filter((l) => l.remove).map((l) => l.skuId).sort());
    const pax8 = (await h.writes()).slice(pax8Before);
    const decreases = pax8.filter((w) => w.method === 'PUT');
    expect(decreases.map((w) => w.path)).toEqual(expect.arrayContaining(released.map((s) => expect.stringContaining(s.subscriptionId) as unknown as string)));
    expect(decreases.filter((w) => released.some((s) => w.path.includes(s.subscriptionId)))).toHaveLength(released.length);
  }, 180_000);

  it('a seat under an annual commitment is scheduled for its renewal window: a seats request of its own, named on the card, nothing sent to Pax8 yet', async () => {
    const form = await findLeaver(h, (f) => releaseTimings(f).length === 1 && releaseTimings(f)[0] === 'atRenewal', used);
    used.add(form.user.upn);
    const seat = form.licences.flatMap((l) => (l.seat.action === 'release' ? [l.seat] : []))[0];
    if (seat?.action !== 'release' || seat.timing.mode !== 'atRenewal') throw new Error('unreachable');
    const pax8Before = (await h.writes()).length;
    const { card, requestId } = await requestOffboarding(h, form);
    expect(JSON.stringify(card.blocks)).toContain(`from ${seat.timing.renewsOn.slice(0, 10)}`);
    await h.click(ann.id, approvalsChannel, card, 'approve');
    await eventually(async () => ((await stateOf(requestId)) === 'succeeded' ? true : undefined), 'the offboarding steps to finish', 30_000);
    const children = (await h.bot.approvals.list({ states: ['scheduled'] })).filter((r) => r.kind === 'seats' && JSON.stringify(r.payload).includes(seat.subscriptionId));
    expect(children).toHaveLength(1);
    expect((await h.writes()).slice(pax8Before).filter((w) => w.method === 'PUT')).toEqual([]);
    expect(children[0]?.runAt?.toISOString().slice(0, 10)).toBe(seat.timing.renewsOn.slice(0, 10));
    await h.bot.delivery.idle();
    const shown = JSON.stringify(h.fake.messages(approvalsChannel).find((m) => m.ts === card.ts)?.blocks);
    expect(shown).toContain((children[0]?.id ?? '').slice(0, 8));
    // The release has its own card in the approvals channel from when it was opened: approved with its parent, scheduled, no Approve.
    const childCard = h.fake.messages(approvalsChannel).find((m) => m.ts !== card.ts && JSON.stringify(m.blocks).includes(`Request ${children[0]?.id ?? '?'}`));
    if (!childCard) throw new Error('the seat release has no card in the approvals channel');
    expect(JSON.stringify(childCard.blocks)).toContain('Approved, scheduled');
    expect(JSON.stringify(childCard.blocks)).toContain(seat.timing.renewsOn.slice(0, 10));
    expect(buttonIn(childCard, 'approve')).toBeUndefined();
  }, 180_000);
});

describe('offboarding with onboarding.blockSignInBeforeApproval', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot({ microsoft: true, roles: `${defaultRoles}onboarding:\n  blockSignInBeforeApproval: true\n` });
  }, 60_000);
  afterAll(() => h.close());

  it('blocks sign-in and revokes sessions when asked, and the approved steps find them done; a group licence is left to its group', async () => {
    const form = await findLeaver(h, (f) => f.licences.some((l) => l.assignment === 'group'), new Set());
    const graphBefore = (await graphWrites(h)).length;
    const { card, requestId } = await requestOffboarding(h, form);
    const mine = async () => (await graphWrites(h)).slice(graphBefore).filter((w) => w.path.includes(form.user.id));
    expect((await mine()).map((w) => w.method)).toEqual(['PATCH', 'POST']);
    expect(JSON.stringify(card.blocks)).toMatch(/inherited from a group/);
    await h.click(ann.id, approvalsChannel, card, 'approve');
    await eventually(async () => (['succeeded', 'failed'].includes((await h.bot.approvals.get(requestId))?.state ?? '') ? true : undefined), 'the offboarding to end', 30_000);
    const ended = await h.bot.approvals.get(requestId);
    expect(ended?.state, ended?.reason ?? '').toBe('succeeded');
    const after = await mine();
    expect(after.filter((w) => w.method === 'PATCH' || w.path.endsWith('/revokeSignInSessions'))).toHaveLength(2);
    const removals = after.filter((w) => w.path.endsWith('/assignLicense'));
    const groupSkus = form.licences.filter((l) => l.assignment === 'group').map((l) => l.skuId);
    for (const w of removals) expect(w.body?.['removeLicenses']).not.toEqual(expect.arrayContaining(groupSkus));
  }, 180_000);
});
