import { billingTerms, type Company, type Product } from '../../pax8/index.ts';
import type { View } from '../../views/view.ts';
import { wireIds } from '../../wire-ids.ts';
import { choosePlan } from '../commitment-rules.ts';
import { dryRunOrder } from '../dry-run.ts';
import type { Handler } from '../handler.ts';
import type { MatchResult } from '../fuzzy-match.ts';
import type { IntentOf } from '../intent-request.ts';
import { submitBuy } from './submit-buy.ts';
import type { InAccount, IntentDeps } from '../ports.ts';
import { checkProvisioning, detailInput } from '../provisioning.ts';
import { provisioningField } from './product-handlers.ts';
import { companyDescriber, describeProduct, fromMatch, type Resolved } from '../resolve-company.ts';
import { splitTarget } from '../resolve-target.ts';
import { mayRequest } from '../../approvals/approval-policy.ts';
import { buyKind, buyOrder } from '../../approvals/kinds/index.ts';
import { arg, commandLine, errorView } from '../view-helpers.ts';

const w = wireIds.commands;

/** The buy command again, with the company and product as given (ids after a choice). */
function buyCommand(r: IntentOf<'buy'>, company: string | null, product: string): string {
  const details = Object.entries(r.details).map(([k, v]) => `${k}=${arg(v.join(','))}`);
  return commandLine(w.buy, company === null ? null : arg(company), arg(product), String(r.quantity), r.term?.toLowerCase(), ...details);
}

async function resolveBuyTarget(r: IntentOf<'buy'>, deps: IntentDeps): Promise<Resolved<{ company: InAccount<Company>; product: Product }>> {
  // The split already matched the winning product text; keep that answer (a product id not yet in
  // the cached catalogue costs a Pax8 read each time it is asked). The split scores product names in
  // the catalogue of the account asked for (else the default's); the product is then found in the
  // catalogue of the company's own account.
  const matches = new Map<string, Promise<MatchResult<Product>>>();
  const productMatch = (text: string, account = r.account): Promise<MatchResult<Product>> => {
    const key = `${account ?? ''}\n${text}`;
    const known = matches.get(key) ?? deps.resolver.product(text, account);
    matches.set(key, known);
    return known;
  };
  const split = await splitTarget(r, r.names, deps, (text) => productMatch(text));
  if (!split) return { ok: false, view: errorView('bad_input', 'Say which company to buy for; this channel is not mapped to one.', w.buy) };
  const companyText = split.companyText ?? '';
  const company = fromMatch('company', companyText, split.company, companyDescriber(deps), (id) => buyCommand(r, id, split.rest));
  if (!company.ok) return company;
  const companyArg = split.companyText === null ? null : company.value.id;
  const match = await productMatch(split.rest, company.value.account);
  const product = fromMatch('product', split.rest, match, describeProduct, (id) => buyCommand(r, companyArg, id));
  return product.ok ? { ok: true, value: { company: company.value, product: product.value } } : product;
}

/**
 * `buy <company> <product> <qty> [term]`: checks the company can order, picks the commitment,
 * asks for missing provisioning details, runs the Pax8 dry run, and opens an approval request
 * whose card shows costs, prices and what the commitment means. Never places the order.
 */
export const buyHandler: Handler<IntentOf<'buy'>> = {
  ack: () => 'Preparing the order: checking the company, prices and terms, and running a Pax8 dry run...',
  async run(r, deps) {
    if (!mayRequest(deps.policy, r.actor.email, buyKind)) return errorView('forbidden', 'You are not allowed to request purchases; ask an admin to add you to the requesters.', null);
    const target = await resolveBuyTarget(r, deps);
    if (!target.ok) return target.view;
    const account = target.value.company.account;
    const company = { ...(await deps.pax8.get(account).companies.get(target.value.company.id)), account };
    if (company.status !== 'Active') {
      return errorView('refused', `${company.name} is ${company.status ?? 'not Active'}; a company must be Active to order (it needs primary Admin, Billing and Technical contacts).`, null);
    }
    return prepareOrder(r, deps, company, target.value.product);
  },
};

async function prepareOrder(r: IntentOf<'buy'>, deps: IntentDeps, company: InAccount<Company>, product: Product): Promise<View> {
  const pax8 = deps.pax8.get(company.account);
  const [dependencies, prices, provisioning] = await Promise.all([
    pax8.products.dependencies(product.id),
    pax8.products.pricing(product.id, { companyId: company.id }),
    pax8.products.provisionDetails(product.id),
  ]);
  const plan = choosePlan(r.term, dependencies.commitmentDependencies, prices);
  if (!plan.ok) return errorView('bad_input', `${product.name}: ${plan.message}.`, w.buy);
  const details = checkProvisioning(provisioning, r.details);
  if (details.missing.length > 0) {
    // The form asks only what is still missing or refused; the command it re-runs carries every
    // answer accepted so far, from the command and from earlier forms, so none is asked twice.
    const accepted = Object.fromEntries(details.values.map((v) => [v.key, v.values]));
    return {
      kind: 'detailsForm',
      company: { id: company.id, name: company.name },
      product: { id: product.id, name: product.name },
      quantity: r.quantity,
      title: null,
      subtitle: null,
      command: buyCommand({ ...r, details: accepted }, company.id, product.id),
      verb: wireIds.cardVerbs.submitDetails,
      fields: details.missing.map(({ detail, value, problem, appliesWhen: when }) => ({
        ...provisioningField(detail),
        appliesWhen: when,
        value,
        input: detailInput(detail),
        // Left empty in a form (or as `key=`): say so; never asked yet: no message.
        problem: problem !== 'missing' ? problem : when === null && detail.key in r.details ? `${detail.label ?? detail.key} is needed to order` : null,
        optional: false,
      })),
    };
  }
  const billingTerm = billingTerms.find((t) => t === plan.billingTerm);
  if (!billingTerm) return errorView('pax8_refused', `${product.name} is priced with a billing term the bot does not know (${plan.billingTerm}).`, null);
  const order = buyOrder({
    companyId: company.id,
    productId: product.id,
    quantity: r.quantity,
    billingTerm,
    ...(plan.commitment ? { commitmentTermId: plan.commitment.id } : {}),
    ...(details.values.length > 0 ? { provisioningDetails: details.values } : {}),
  });
  const dryRun = await dryRunOrder(deps, company.account, order);
  if (!dryRun.ok && dryRun.messages.length > 0) {
    return errorView('pax8_refused', `Pax8 would refuse this order: ${dryRun.messages.join('; ')}`, w.buy);
  }
  const currency = await currencyOf(deps, company);
  return submitBuy(r, deps, { company, product, plan, dryRun, billingTerm, details: details.values, provisioning, currency });
}

/**
 * The currency amounts are in. Pax8's prices carry none; the partner's subscriptions do: the
 * company's own first, else any of the account's.
 */
async function currencyOf(deps: IntentDeps, company: InAccount<Company>): Promise<string | null> {
  const pax8 = deps.pax8.get(company.account);
  for (const filter of [{ companyId: company.id }, {}]) {
    for await (const s of pax8.subscriptions.list(filter)) if (s.currencyCode) return s.currencyCode;
  }
  return null;
}
