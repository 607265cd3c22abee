import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/pax8/index.ts';
import { wireIds } from '../../src/wire-ids.ts';
import { channels, expectKind, type IntentHarness, people, startIntentHarness, whatUsersSee } from './intent-harness.ts';

let h: IntentHarness;
beforeAll(async () => {
  h = await startIntentHarness({ mappings: [{ channel: 'slack:C0MAPPED', company: 'Stonegate Engineering Ltd.' }] });
});
afterAll(async () => {
  await h.close();
});

describe('help', () => {
  it('lists every command in pages that Slack shows whole, Next and Previous re-running help', async () => {
    const seen: string[] = [];
    let view = expectKind(await h.ask('help'), 'help');
    expect(view.paging?.previous).toBeNull();
    for (;;) {
      seen.push(...view.commands.map((c) => c.word));
      const slack = whatUsersSee(view).slack;
      expect(slack).not.toMatch(/Showing \d+ of/);
      for (const c of view.commands) expect(slack).toContain(c.summary);
      const next = view.paging?.next;
      if (!next) break;
      view = expectKind(await h.click({ verb: next.verb, command: next.command, page: next.page }, people.tech), 'help');
      expect(view.paging?.previous).not.toBeNull();
    }
    expect(seen).toEqual(Object.values(wireIds.commands));
    expect(seen).toEqual(expect.arrayContaining(['audit', 'approvals', 'map']));
    expect(expectKind(await h.ask('help --page 2'), 'help').paging?.page).toBe(2);
  });

  it('answers an empty command with the list of commands', async () => {
    const view = expectKind(await h.ask('   '), 'help');
    expect(view.topic).toBeNull();
    expect(view.commands.length).toBeGreaterThan(0);
  });

  it('shows one command with examples, and says when there is no such command', async () => {
    const one = expectKind(await h.ask('help buy'), 'help');
    expect(one.commands).toHaveLength(1);
    expect(one.commands[0]?.examples.length).toBeGreaterThan(0);
    expect(expectKind(await h.ask('help frobnicate'), 'error').code).toBe('unknown_command');
  });
});

describe('companies and company', () => {
  it('pages all companies and says how many there are', async () => {
    const first = expectKind(await h.ask('companies'), 'companyList');
    expect(first.paging).toMatchObject({ page: 1, pageSize: 10, total: 30 });
    expect(first.items).toHaveLength(10);
    expect(first.paging.next).toMatchObject({ verb: 'page', page: 2 });
    const third = expectKind(await h.click({ verb: 'page', command: first.paging.next?.command, page: 3 }, people.tech), 'companyList');
    expect(third.paging.page).toBe(3);
    expect(third.items.map((c) => c.id)).not.toContain(first.items[0]?.id);
  });

  it('matches names fuzzily', async () => {
    const view = expectKind(await h.ask('companies stonegate'), 'companyList');
    expect(view.items.map((c) => c.name)).toEqual(expect.arrayContaining(['Stonegate Engineering Ltd.', 'Stonegate Consulting Co.', 'Stonegate Realty Inc.', 'Stonegate Realty Ltd.']));
  });

  it('shows a company by misspelt name, with whether it can order', async () => {
    const view = expectKind(await h.ask('company "Cedar Dentl Associates"'), 'companyDetail');
    expect(view.company.name).toBe('Cedar Dental Associates');
    expect(view.canOrder).toBe(true);
    const inactive = expectKind(await h.ask('company summit law'), 'companyDetail');
    expect(inactive).toMatchObject({ canOrder: false, company: { status: 'Inactive' } });
  });

  it('answers an ambiguous name with candidate buttons whose commands resolve', async () => {
    const choices = expectKind(await h.ask('company stonegate realty'), 'choices');
    expect(choices.reason).toBe('ambiguous');
    expect(choices.candidates.map((c) => c.label).sort()).toEqual(['Stonegate Realty Inc.', 'Stonegate Realty Ltd.']);
    const chosen = choices.candidates[0];
    const view = expectKind(await h.click({ verb: 'choose', command: chosen?.command }, people.tech), 'companyDetail');
    expect(view.company.id).toBe(chosen?.id);
  });

  it('answers an unknown name with the closest candidates, and an id by id', async () => {
    const unknown = expectKind(await h.ask('company "Zebra Quantum Widgets"'), 'choices');
    expect(unknown.reason).toBe('unknown');
    const id = (await collect(h.pax8.companies.list(), { max: 1 }))[0]?.id ?? '';
    expect(expectKind(await h.ask(`company ${id}`), 'companyDetail').company.id).toBe(id);
    expect(expectKind(await h.ask('company 00000000-0000-4000-8000-000000000000'), 'choices').reason).toBe('unknown');
  });

  it('uses the mapped company when none is named, and says how to map when there is none', async () => {
    expect(expectKind(await h.ask('company', people.tech, channels.contoso), 'companyDetail').company.name).toBe('Stonegate Engineering Ltd.');
    const error = expectKind(await h.ask('company'), 'error');
    expect(error.message).toContain('map <company>');
    expect(error.usage).toBe('company <name|id>');
  });
});

describe('contacts', () => {
  it('lists contacts with their primary roles', async () => {
    const view = expectKind(await h.ask('contacts "Cedar Dental Associates"'), 'contactList');
    expect(view.company.name).toBe('Cedar Dental Associates');
    expect(view.items.length).toBeGreaterThan(0);
    expect(view.items.flatMap((c) => c.primaryFor)).toEqual(expect.arrayContaining(['Admin', 'Billing', 'Technical']));
  });
});

describe('products and product', () => {
  it('searches the catalogue', async () => {
    const view = expectKind(await h.ask('products exchange'), 'productList');
    expect(view.items.map((p) => p.name)).toEqual(['Exchange Online (Plan 1)', 'Exchange Online (Plan 2)']);
    expect(view.paging.total).toBe(2);
  });

  it('shows partner and customer prices, commitments and provisioning details', async () => {
    const view = expectKind(await h.ask('product "Microsoft 365 E3"'), 'productDetail');
    const monthly = view.prices.find((p) => p.billingTerm === 'Monthly' && p.commitmentTerm === '1-Year');
    expect(monthly).toMatchObject({ partnerCost: 30.6, customerPrice: 36 });
    expect(view.commitments.map((c) => c.term)).toEqual(['Monthly', '1-Year', '3-Year']);
    expect(view.commitments.find((c) => c.term === '1-Year')?.meaning).toMatch(/no reduction after 7 days/);
    expect(view.provisioning.map((d) => d.key)).toEqual(expect.arrayContaining(['msCustExists', 'msDomain', 'mca2020Email']));
  });

  it('finds a product by SKU and offers choices for a vague name', async () => {
    expect(expectKind(await h.ask('product MST-EXO-P1-NCE'), 'productDetail').product.name).toBe('Exchange Online (Plan 1)');
    const choices = expectKind(await h.ask('product exchange online'), 'choices');
    expect(choices.candidates.map((c) => c.label)).toEqual(expect.arrayContaining(['Exchange Online (Plan 1)', 'Exchange Online (Plan 2)']));
    expect(expectKind(await h.ask('product'), 'error').usage).toBe('product <name|sku|id>');
  });
});

describe('subs and sub', () => {
  it('pages a company with many subscriptions', async () => {
    const view = expectKind(await h.ask('subs "Front Range Architects Ltd."'), 'subscriptionList');
    expect(view.paging).toMatchObject({ total: 20, pageSize: 10, page: 1 });
    expect(whatUsersSee(view).teams).toContain('Page 1 of 2 · 20 subscriptions');
    expect(whatUsersSee(view).slack).toContain('Page 1 of 2 · 20 subscriptions');
    const second = expectKind(await h.ask('subs "Front Range Architects Ltd." --page 2'), 'subscriptionList');
    expect(second.items).toHaveLength(10);
    expect(second.paging.next).toBeNull();
  });

  it('shows one subscription with its history', async () => {
    const [sub] = await collect(h.pax8.subscriptions.list({ companyId: '1321915a-3d4f-4eb2-b474-59b8bf683094' }), { max: 1 });
    const view = expectKind(await h.ask(`sub ${sub?.id ?? ''}`), 'subscriptionDetail');
    expect(view.subscription).toMatchObject({ id: sub?.id, productName: sub?.productName, quantity: sub?.quantity });
    expect(view.company?.name).toBe('Stonegate Engineering Ltd.');
    expect(view.historyTotal).toBeGreaterThan(0);
    expect(view.history.length).toBe(Math.min(10, view.historyTotal));
  });

  it('finds a subscription by company and product, like seats, and in a mapped channel by product alone', async () => {
    const subs = await collect(h.pax8.subscriptions.list({ companyId: '1321915a-3d4f-4eb2-b474-59b8bf683094' }));
    const unique = subs.find((s) => subs.filter((o) => o.productName === s.productName).length === 1);
    if (!unique?.productName) throw new Error('no product the company holds once');
    const view = expectKind(await h.ask(`sub "Stonegate Engineering Ltd." "${unique.productName}"`), 'subscriptionDetail');
    expect(view.subscription.id).toBe(unique.id);
    const mapped = expectKind(await h.ask(`sub "${unique.productName}"`, people.tech, channels.contoso), 'subscriptionDetail');
    expect(mapped.subscription.id).toBe(unique.id);
  });

  it('tells apart two subscriptions of one product by seats, term and end, on the buttons too', async () => {
    const companies = await h.deps.resolver.companies();
    for (const company of companies) {
      const subs = await collect(h.pax8.subscriptions.list({ companyId: company.id }));
      const twice = subs.find((s) => s.status === 'Active' && subs.filter((o) => o.productName === s.productName && o.status === 'Active').length > 1);
      if (!twice?.productName) continue;
      const view = expectKind(await h.ask(`sub "${company.name}" "${twice.productName}"`), 'choices');
      const titles = view.candidates.map((c) => `${c.label} · ${c.detail ?? ''}`);
      expect(new Set(titles).size).toBe(titles.length);
      expect(view.candidates[0]?.detail).toMatch(/^\d+ seats? · /);
      const buttons = [...whatUsersSee(view).slack.matchAll(/"text":"([^"]*)","emoji"/g)].map((m) => m[1]);
      expect(buttons.filter((b) => b?.startsWith(twice.productName ?? '')).every((b) => b?.includes(' seat'))).toBe(true);
      return;
    }
    throw new Error('no company holds one product twice in the sandbox');
  });

  it('says when a subscription id does not exist or is not an id', async () => {
    expect(expectKind(await h.ask('sub 00000000-0000-4000-8000-000000000000'), 'error').code).toBe('not_found');
    expect(expectKind(await h.ask('sub e3'), 'error').usage).toBe('sub <subscription>');
  });
});

describe('orders and order', () => {
  it('lists a company\u2019s orders newest first and shows one', async () => {
    const list = expectKind(await h.ask('orders "Front Range Architects Ltd."'), 'orderList');
    expect(list.paging.total).toBeGreaterThan(0);
    const dates = list.items.map((o) => o.createdDate ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
    const first = list.items[0];
    const detail = expectKind(await h.ask(`order ${first?.id ?? ''}`), 'orderDetail');
    expect(detail.order.id).toBe(first?.id);
    expect(detail.lines.length).toBe(first?.lineCount);
    expect(detail.lines[0]?.productName).toBeTruthy();
    // The list names what each order bought, as the detail does.
    expect(first?.lines.map((l) => l.productName)).toEqual(detail.lines.map((l) => l.productName));
    expect(whatUsersSee(list).slack).toContain(`× ${detail.lines[0]?.productName ?? ''}`);
    expect(expectKind(await h.ask('order 00000000-0000-4000-8000-000000000000'), 'error').code).toBe('not_found');
  });
});
