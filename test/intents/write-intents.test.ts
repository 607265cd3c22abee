import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type Subscription } from '../../src/pax8/index.ts';
import { advanceSandboxClock } from '../helpers/pax8-sandbox.ts';
import { expectKind, type IntentHarness, people, startIntentHarness, whatUsersSee } from './intent-harness.ts';

const cedar = 'ab719fda-338b-4647-8f47-1f67160349c8';
const stonegate = '1321915a-3d4f-4eb2-b474-59b8bf683094';
const msDetails = 'msCustExists=no msDomain=cedardental mca2020FirstName=Cara mca2020LastName=Cedar mca2020Email=cara@cedar.example mca2020EffectiveDate=2026-11-01';

let h: IntentHarness;
let standard: Subscription;
beforeAll(async () => {
  h = await startIntentHarness();
  const subs = await collect(h.pax8.subscriptions.list({ companyId: stonegate }));
  const found = subs.find((s) => s.productName === 'Microsoft 365 Business Standard' && s.status === 'Active');
  if (!found) throw new Error('the seeded Business Standard subscription is missing');
  standard = found;
});
afterAll(async () => {
  await h.close();
});

describe('buy', () => {
  it('asks for missing provisioning details with a form that re-runs the command', async () => {
    const form = expectKind(await h.ask('buy "Cedar Dental Associates" "Microsoft 365 E3" 5 annual'), 'detailsForm');
    expect(form.fields.map((f) => f.key)).toEqual(expect.arrayContaining(['msCustExists', 'mca2020Email']));
    expect(form.fields.find((f) => f.key === 'msCustExists')?.possibleValues.length).toBe(2);
    const view = await h.click({ verb: 'submit_details', command: form.command, details: { msCustExists: 'no', msDomain: 'cedardental', mca2020FirstName: 'Cara', mca2020LastName: 'Cedar', mca2020Email: 'cara@cedar.example', mca2020EffectiveDate: '2026-11-01' } }, people.tech);
    expect(expectKind(view, 'approvalRequest').request.state).toBe('pending');
  });

  it('previews an annual order from the sandbox prices, with the dry run verdict, and writes nothing but the dry run', async () => {
    const before = (await h.writes()).length;
    const view = expectKind(await h.ask(`buy cedar dental "Microsoft 365 E3" 5 annual ${msDetails}`), 'approvalRequest');
    const preview = view.request.preview;
    if (preview?.kind !== 'buy') throw new Error('expected a buy preview');
    const product = (await h.deps.resolver.products()).find((p) => p.name === 'Microsoft 365 E3');
    const pricing = await h.pax8.products.pricing(product?.id ?? '', { companyId: cedar });
    const annual = pricing.find((p) => p.billingTerm === 'Annual' && p.commitmentTerm === '1-Year');
    const rate = annual?.rates?.[0];
    expect(preview).toMatchObject({ quantity: 5, billingTerm: 'Annual', termMonths: 12, company: { id: cedar, status: 'Active' }, dryRun: { ok: true } });
    expect(preview.unitCost).toBeCloseTo((rate?.partnerBuyRate ?? 0) / 12, 2);
    expect(preview.unitPrice).toBeCloseTo((rate?.suggestedRetailPrice ?? 0) / 12, 2);
    expect(preview.monthlyCost).toBeCloseTo(5 * (preview.unitCost ?? 0), 2);
    expect(preview.termCost).toBeCloseTo(12 * (preview.monthlyCost ?? 0), 2);
    expect(preview.commitment?.meaning).toMatch(/no reduction after 7 days/);
    // One currency on every amount, and the price as Pax8 bills it beside the monthly figure.
    expect(preview.currency).toBe('USD');
    expect(preview.billedUnitCost).toBe(rate?.partnerBuyRate);
    expect(preview.billedUnitPrice).toBe(rate?.suggestedRetailPrice);
    expect(whatUsersSee(view).teams).toContain(`Per seat, billed per year (cost / price)`);
    expect(whatUsersSee(view).teams).toMatch(new RegExp(`${(rate?.partnerBuyRate ?? 0).toFixed(2).replace('.', '\\.')} USD`));
    // Words a person would write: the term once, and how it is billed.
    const seen = whatUsersSee(view);
    for (const text of [seen.slack, seen.teams]) {
      expect(text).not.toMatch(/Commitment:\*? *1-Year: annual:|1-Year: 1-Year/);
      expect(text).not.toMatch(/\(annual, billed annual\)/);
    }
    expect(view.request.summary).toMatch(/\(annual commitment, billed annually\)$/);
    expect(view.request.monthlyCostDelta).toBeCloseTo(preview.monthlyCost ?? 0, 2);
    const writes = (await h.writes()).slice(before);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'POST', path: '/v1/orders', query: { isMock: 'true' } });
  });

  it('places the order only after an approver approves, and updates the card', async () => {
    const view = expectKind(await h.ask(`buy cedar dental "Exchange Online (Plan 1)" 3 monthly ${msDetails}`), 'approvalRequest');
    const before = (await h.writes()).length;
    const action = view.request.actions.find((a) => a.verb === 'approve');
    expect(action).toBeDefined();
    const result = expectKind(await h.click({ verb: 'approve', requestId: action?.requestId, version: action?.version }, people.ann), 'approvalResult');
    expect(result.outcome).toBe('approved');
    expect(result.request?.state).toBe('succeeded');
    expect(result.request?.actions).toEqual([]);
    // The card after the decision still shows what the approver decided on.
    expect(result.request?.preview).toEqual(view.request.preview);
    expect(result.request?.preview).toMatchObject({ kind: 'buy', dryRun: { ok: true } });
    const writes = (await h.writes()).slice(before);
    expect(writes).toEqual([expect.objectContaining({ method: 'POST', path: '/v1/orders', query: {} })]);
    // The order sent is the payload alone: nothing shown on the card is part of it.
    expect(JSON.stringify(writes[0])).not.toContain('preview');
  });

  it('refuses an inactive company, an unknown term and a missing quantity, each with the right form', async () => {
    const inactive = expectKind(await h.ask(`buy "Summit Law LLC" "Microsoft 365 E3" 5 ${msDetails}`), 'error');
    expect(inactive).toMatchObject({ code: 'refused' });
    expect(inactive.message).toContain('Active');
    const term = expectKind(await h.ask(`buy cedar dental "Exchange Online (Plan 1)" 5 2-year ${msDetails}`), 'error');
    expect(term.message).toMatch(/no 2-year term; it offers monthly, annual/);
    expect(term.usage).toContain('buy <company> <product> <qty>');
    expect(expectKind(await h.ask('buy cedar dental "Exchange Online (Plan 1)"'), 'error').message).toMatch(/number of seats/);
    expect(expectKind(await h.ask('buy "Microsoft 365 E3" 5'), 'error').message).toMatch(/company/);
  });

  it('offers choices when the product is vague', async () => {
    const choices = expectKind(await h.ask('buy cedar dental exchange online 3'), 'choices');
    expect(choices.entity).toBe('product');
    expect(choices.candidates[0]?.command).toMatch(new RegExp(`^buy ${cedar} [0-9a-f-]{36} 3$`));
  });

  it('needs an e-mail address to open a request', async () => {
    expect(expectKind(await h.ask(`buy cedar dental "Exchange Online (Plan 1)" 3 ${msDetails}`, people.anonymous), 'error').code).toBe('forbidden');
  });
});

describe('seats', () => {
  it('adds seats now with the monthly cost delta', async () => {
    const view = expectKind(await h.ask(`seats ${standard.id} +2`), 'approvalRequest');
    const preview = view.request.preview;
    expect(preview).toMatchObject({ kind: 'seats', currentQuantity: standard.quantity, newQuantity: (standard.quantity ?? 0) + 2, change: 2, timing: { mode: 'now' }, currency: 'USD' });
    if (preview?.kind !== 'seats') throw new Error('expected a seats preview');
    expect(preview.monthlyCostDelta).toBeCloseTo(2 * (standard.partnerCost ?? 0), 2);
  });

  it('offers a decrease blocked by the commitment at renewal, on the commitment end date', async () => {
    const view = expectKind(await h.ask(`seats stonegate engineering "business standard" -2`), 'approvalRequest');
    const preview = view.request.preview;
    if (preview?.kind !== 'seats') throw new Error('expected a seats preview');
    const end = new Date(standard.commitment?.endDate ?? '');
    expect(preview.timing).toMatchObject({ mode: 'atRenewal', renewsOn: end.toISOString(), windowCloses: new Date(end.getTime() + 7 * 86_400_000).toISOString() });
    expect(view.request.summary).toContain(`at renewal on ${end.toISOString().slice(0, 10)}`);
    expect(preview.monthlyCostDelta).toBeCloseTo(-2 * (standard.partnerCost ?? 0), 2);
  });

  it('answers wrong seat changes with the right form', async () => {
    expect(expectKind(await h.ask(`seats ${standard.id} -500`), 'error').message).toMatch(/would leave/);
    expect(expectKind(await h.ask(`seats ${standard.id} ${standard.quantity ?? 0}`), 'notice').title).toBe('Nothing to change');
    expect(expectKind(await h.ask(`seats ${standard.id} 5x`), 'error').usage).toBe('seats <subscription> [+N|-N|N]');
    expect(expectKind(await h.ask('seats 00000000-0000-4000-8000-000000000000 +1'), 'error').code).toBe('not_found');
  });
});

describe('cancel', () => {
  it('shows early cancellation, fee, timing and that it is irreversible', async () => {
    const view = expectKind(await h.ask(`cancel ${standard.id}`), 'approvalRequest');
    const preview = view.request.preview;
    if (preview?.kind !== 'cancel') throw new Error('expected a cancel preview');
    expect(preview).toMatchObject({ earlyCancellationAllowed: false, cancellationFeeApplied: true, irreversible: true, timing: { mode: 'atRenewal' } });
    expect(preview.monthlyCostDelta).toBeCloseTo(-(standard.quantity ?? 0) * (standard.partnerCost ?? 0), 2);
  });

  it('refuses an already cancelled subscription', async () => {
    const subs = await collect(h.pax8.subscriptions.list({ companyId: stonegate }));
    const cancelled = subs.find((s) => s.status === 'Cancelled');
    expect(expectKind(await h.ask(`cancel ${cancelled?.id ?? ''}`), 'error').code).toBe('refused');
    expect(expectKind(await h.ask('cancel'), 'error').usage).toBe('cancel <subscription>');
  });
});

// Last in the file: it moves the sandbox clock ten days on.
describe('cancel, when the commitment allows ending early', () => {
  it('cancels now, past the first 7 days, with the fee on the card, and Pax8 cancels it once approved', async () => {
    const product = (await h.deps.resolver.products()).find((p) => p.name === 'SentinelOne Singularity Complete - 1-Year Commitment');
    if (!product) throw new Error('the sandbox sells no early-exit commitment');
    const [commitment] = (await h.pax8.products.dependencies(product.id)).commitmentDependencies;
    expect(commitment).toMatchObject({ allowForEarlyCancellation: true, cancellationFeeApplied: true });
    const order = await h.pax8.orders.create({
      companyId: cedar,
      lineItems: [{ productId: product.id, quantity: 10, billingTerm: 'Annual', commitmentTermId: commitment?.id ?? '', provisioningDetails: [{ key: 'dataCenterRegion', values: ['US'] }] }],
    });
    const subscriptionId = order.lineItems?.[0]?.subscriptionId ?? '';
    await advanceSandboxClock(h.sandbox, 'P10D');
    await h.clock.sync();

    const view = expectKind(await h.ask(`cancel ${subscriptionId}`), 'approvalRequest');
    const preview = view.request.preview;
    if (preview?.kind !== 'cancel') throw new Error('expected a cancel preview');
    expect(preview).toMatchObject({ earlyCancellationAllowed: true, cancellationFeeApplied: true, timing: { mode: 'now' } });
    expect(preview.notes.join(' ')).toMatch(/before the commitment ends: Pax8 charges its cancellation fee/);
    const action = view.request.actions.find((a) => a.verb === 'approve');
    const result = expectKind(await h.click({ verb: 'approve', requestId: action?.requestId, version: action?.version }, people.ann), 'approvalResult');
    expect(result.request?.state).toBe('succeeded');
    expect((await h.pax8.subscriptions.get(subscriptionId)).status).toBe('PendingCancel');
  });
});
