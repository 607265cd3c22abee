/**
 * The buttons on list rows, through the intent layer over the sandbox and the real approvals engine:
 * what each row of `subs`, `renewals`, `orders` and `requests` offers to whom, that a click runs
 * exactly the command or decision it names, and the seats form that asks for a number instead of
 * the id. (The same flows over HTTP on Slack and Teams are in test/slack and test/teams.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, isClosedSubscription, type Subscription } from '../../src/pax8/index.ts';
import { shortId } from '../../src/views/format.ts';
import type { ApprovalAction, CommandAction, View } from '../../src/views/index.ts';
import { expectKind, type IntentHarness, people, startIntentHarness, whatUsersSee } from './intent-harness.ts';

const stonegate = '1321915a-3d4f-4eb2-b474-59b8bf683094';

let h: IntentHarness;
let standard: Subscription;
beforeAll(async () => {
  h = await startIntentHarness();
  const subs = await collect(h.pax8.subscriptions.list({ companyId: stonegate }));
  const found = subs.find((s) => s.productName === 'Microsoft 365 Business Standard' && s.status === 'Active');
  if (!found) throw new Error('the seeded Business Standard subscription is missing');
  standard = found;
});
afterAll(() => h.close());

type RowAction = CommandAction | ApprovalAction;
const labels = (actions: readonly RowAction[]) => actions.map((a) => a.label);
/** Clicks a row's button as the adapters pass it on: its data, nothing else. */
const click = (action: RowAction | undefined, who: (typeof people)[keyof typeof people]): Promise<View> => {
  if (!action) throw new Error('no such button');
  return h.click('command' in action ? { verb: action.verb, command: action.command } : { verb: action.verb, requestId: action.requestId, version: action.version }, who);
};

describe('subs rows', () => {
  it('carry the short id and Details, Seats and Cancel, which run the commands for that subscription', async () => {
    const list = expectKind(await h.ask('subs "Stonegate Engineering Ltd."'), 'subscriptionList');
    const row = list.items.find((s) => s.id === standard.id);
    if (!row) throw new Error('the Business Standard subscription is not on the first page');
    expect(row.actions).toEqual([
      { verb: 'choose', label: 'Details', command: `sub ${standard.id}` },
      { verb: 'choose', label: 'Seats', command: `seats ${standard.id}` },
      { verb: 'choose', label: 'Cancel', command: `cancel ${standard.id}` },
    ]);
    expect(whatUsersSee(list).slack).toContain(`id ${shortId(standard.id)}`);
    expect(whatUsersSee(list).teams).toContain(`id ${shortId(standard.id)}`);

    expect(expectKind(await click(row.actions[0], people.tech), 'subscriptionDetail').subscription.id).toBe(standard.id);
    const cancel = expectKind(await click(row.actions[2], people.tech), 'approvalRequest').request;
    expect(cancel).toMatchObject({ requestKind: 'cancel', state: 'pending', preview: { kind: 'cancel', subscription: { id: standard.id } } });
  });

  it('offer only Details on a closed subscription', async () => {
    for (const company of await h.deps.resolver.companies()) {
      const closed = (await collect(h.pax8.subscriptions.list({ companyId: company.id }))).find((s) => isClosedSubscription(s));
      if (!closed) continue;
      const list = expectKind(await h.ask(`subs ${company.id} --page 1`), 'subscriptionList');
      const all = [list, ...(await Promise.all(Array.from({ length: Math.ceil(list.paging.total / list.paging.pageSize) - 1 }, (_, i) => h.ask(`subs ${company.id} --page ${i + 2}`))))];
      const row = all.flatMap((page) => expectKind(page, 'subscriptionList').items).find((s) => s.id === closed.id);
      expect(row?.actions).toEqual([{ verb: 'choose', label: 'Details', command: `sub ${closed.id}` }]);
      return;
    }
    throw new Error('no closed subscription in the sandbox');
  });

  it('keep the account the list was narrowed to', async () => {
    const list = expectKind(await h.ask('subs "Stonegate Engineering Ltd." --account sandbox'), 'subscriptionList');
    expect(list.items.flatMap((s) => s.actions.map((a) => a.command)).every((c) => c.endsWith(' --account sandbox'))).toBe(true);
    const details = list.items[0]?.actions[0];
    expect(expectKind(await click(details, people.tech), 'subscriptionDetail').subscription.id).toBe(list.items[0]?.id);
  });
});

describe('the seats form', () => {
  it('asks for the new total, filled in with today’s, and refuses what cannot be taken in the form itself', async () => {
    const before = (await h.engine.list({ limit: 1000 })).length;
    const form = expectKind(await h.ask(`seats ${standard.id}`), 'seatsForm');
    expect(form).toMatchObject({ subscription: { id: standard.id, quantity: standard.quantity }, command: `seats ${standard.id}`, verb: 'submit_seats', value: null, problem: null });
    const current = standard.quantity ?? 0;
    const answers: [string | number | undefined, RegExp][] = [
      [undefined, /Type the number of seats/],
      ['', /Type the number of seats/],
      ['-3', /whole number.*use Cancel/],
      ['0', /between 1 and 100000.*use Cancel/],
      ['abc', /"abc" cannot be taken: the quantity must be a whole number/],
      ['2.5', /whole number/],
      ['1000001', /between 1 and 100000/],
      [String(current), new RegExp(`It has ${current} seats now`)],
      [current, new RegExp(`It has ${current} seats now`)],
    ];
    for (const [typed, problem] of answers) {
      const again = expectKind(await h.click({ verb: 'submit_seats', command: form.command, ...(typed === undefined ? {} : { quantity: typed }) }, people.tech), 'seatsForm');
      expect(again.problem, String(typed)).toMatch(problem);
      expect(again.subscription.id).toBe(standard.id);
      expect(whatUsersSee(again).teams).toContain(JSON.stringify(again.problem).slice(1, -1));
    }
    expect((await h.engine.list({ limit: 1000 })).length).toBe(before);

    const opened = expectKind(await h.click({ verb: 'submit_seats', command: form.command, quantity: String(current + 3) }, people.tech), 'approvalRequest').request;
    expect(opened.preview).toMatchObject({ kind: 'seats', subscription: { id: standard.id }, currentQuantity: current, newQuantity: current + 3, requestedChange: `to ${current + 3}` });
    expect((await h.engine.get(opened.id))?.payload).toMatchObject({ subscriptionId: standard.id, change: { mode: 'set', amount: current + 3 } });
  });

  it('comes from a subs row’s Seats button, and is refused to someone who may not request', async () => {
    const list = expectKind(await h.ask('subs "Stonegate Engineering Ltd."'), 'subscriptionList');
    const seats = list.items.find((s) => s.id === standard.id)?.actions.find((a) => a.label === 'Seats');
    expect(expectKind(await click(seats, people.tech), 'seatsForm').subscription.id).toBe(standard.id);
    expect(expectKind(await click(seats, people.anonymous), 'error').code).toBe('forbidden');
  });
});

describe('renewals and orders rows', () => {
  it('renewals offer Details and Seats, whose change the seats path times to the renewal window', async () => {
    const list = expectKind(await h.ask('renewals 366'), 'renewalList');
    const row = list.items[0];
    if (!row) throw new Error('no renewal within a year in the sandbox');
    expect(row.actions).toEqual([
      { verb: 'choose', label: 'Details', command: `sub ${row.subscriptionId}` },
      { verb: 'choose', label: 'Seats', command: `seats ${row.subscriptionId}` },
    ]);
    expect(whatUsersSee(list).slack).toContain(`id ${shortId(row.subscriptionId)}`);
    expect(expectKind(await click(row.actions[1], people.tech), 'seatsForm').subscription.id).toBe(row.subscriptionId);
  });

  it('orders offer Details, which shows that order', async () => {
    const list = expectKind(await h.ask('orders "Front Range Architects Ltd."'), 'orderList');
    const row = list.items[0];
    expect(labels(row?.actions ?? [])).toEqual(['Details']);
    expect(expectKind(await click(row?.actions[0], people.tech), 'orderDetail').order.id).toBe(row?.id);
  });
});

describe('requests rows', () => {
  /** tech (or `who`) asks for one more seat on Business Standard; the new request's id. */
  async function pendingSeats(who: (typeof people)[keyof typeof people] = people.tech): Promise<string> {
    return expectKind(await h.ask(`seats ${standard.id} +1`, who), 'approvalRequest').request.id;
  }
  const rowOf = (list: View, id: string) => expectKind(list, 'requestList').items.find((r) => r.id === id);

  it('give an approver the approval card’s own Approve and Deny on pending requests, and Show card on every row', async () => {
    const id = await pendingSeats();
    const card = expectKind(await h.ask(`request ${id}`, people.ann), 'approvalRequest').request;
    const row = rowOf(await h.ask('requests pending', people.ann), id);
    expect(row?.actions).toEqual([
      ...card.actions.filter((a) => a.verb === 'approve' || a.verb === 'deny'),
      { verb: 'choose', label: 'Show card', command: `request ${id}` },
    ]);
    expect(whatUsersSee(await h.ask('requests pending', people.ann)).slack).toContain(`request ${shortId(id)}`);

    const approved = expectKind(await click(row?.actions[0], people.ann), 'approvalResult');
    expect(approved.outcome).toBe('approved');
    expect((await h.engine.get(id))?.state).toMatch(/approved|executing|succeeded/);
    const after = rowOf(await h.ask('requests all', people.ann), id);
    expect(labels(after?.actions ?? [])).toEqual(['Show card']);
    // A second click on the list's old Approve decides nothing: the request is no longer pending.
    expect(expectKind(await click(row?.actions[0], people.bob), 'approvalResult').outcome).toBe('refused');
  });

  it('show no Approve or Deny to the requester, on their own request or anyone’s', async () => {
    const own = await pendingSeats(people.bob);
    expect(labels(rowOf(await h.ask('requests pending', people.bob), own)?.actions ?? [])).toEqual(['Show card']);
    expect(labels(rowOf(await h.ask('requests pending', people.ann), own)?.actions ?? [])).toEqual(['Approve', 'Deny', 'Show card']);
    const other = await pendingSeats();
    expect(labels(rowOf(await h.ask('requests pending', people.tech), other)?.actions ?? [])).toEqual(['Show card']);
  });

  it('Deny from a row needs a reason, exactly as on the card', async () => {
    const id = await pendingSeats();
    const deny = rowOf(await h.ask('requests pending', people.ann), id)?.actions.find((a) => a.verb === 'deny');
    const refused = expectKind(await click(deny, people.ann), 'approvalResult');
    expect(refused).toMatchObject({ outcome: 'refused', request: { id, state: 'pending' } });
    expect(refused.message).toMatch(/Type a reason/);
    if (!deny || 'command' in deny) throw new Error('no Deny button');
    expect(expectKind(await h.click({ verb: deny.verb, requestId: deny.requestId, version: deny.version, reason: 'Not this month' }, people.ann), 'approvalResult').outcome).toBe('denied');
  });

  it('Show card and "request <id>" answer with the request’s card, by its whole id or the 8 characters a row shows', async () => {
    const id = await pendingSeats();
    const show = rowOf(await h.ask('requests pending', people.tech), id)?.actions.at(-1);
    expect(expectKind(await click(show, people.tech), 'approvalRequest').request.id).toBe(id);
    expect(expectKind(await h.ask(`request ${shortId(id)}`), 'approvalRequest').request.id).toBe(id);
    expect(expectKind(await h.ask(`request ${shortId(id).slice(0, 5)}`), 'error').code).toBe('bad_input');
    expect(expectKind(await h.ask('request 00000000'), 'error').code).toBe('not_found');
    expect(expectKind(await h.ask('request 00000000-0000-4000-8000-000000000000'), 'error').code).toBe('not_found');
  });
});
