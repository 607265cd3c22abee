import type { Pricing, ProvisioningDetail } from '../../pax8/index.ts';
import type { ProvisioningField } from '../../views/product-views.ts';
import { appliesWhen, expectedAnswer } from '../provisioning.ts';
import type { PriceRow } from '../../views/product-views.ts';
import { wireIds } from '../../wire-ids.ts';
import { toCommitmentOption } from '../commitment-rules.ts';
import { nameScorer } from '../fuzzy-match.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { describeProduct, fromMatch, mappedCompany } from '../resolve-company.ts';
import { accountArgs, arg, commandLine, n, pageOf } from '../view-helpers.ts';

const w = wireIds.commands;

/** `products <text>`: name, SKU or vendor, matched against the cached catalogue. */
export const productsHandler: Handler<IntentOf<'products'>> = {
  ack: (r) => (r.text ? `Searching products for "${r.text.slice(0, 60)}"...` : 'Listing products...'),
  async run(r, deps) {
    const all = await deps.resolver.products(r.account);
    const text = r.text;
    const score = text === null ? undefined : nameScorer(text);
    const matching =
      score === undefined
        ? [...all].sort((a, b) => a.name.localeCompare(b.name))
        : all
            .map((p) => ({ p, score: Math.max(...[p.name, p.sku ?? '', `${p.vendorName ?? ''} ${p.name}`].map(score)) }))
            .filter((s) => s.score >= 0.55)
            .sort((a, b) => b.score - a.score || a.p.name.localeCompare(b.p.name))
            .map((s) => s.p);
    const { items, paging } = pageOf(matching, r.page, deps.policy.pageSize, commandLine(w.products, text === null ? null : arg(text), ...accountArgs(r)));
    return { kind: 'productList', query: text, items: items.map((p) => ({ id: p.id, name: p.name, vendorName: n(p.vendorName), sku: n(p.sku) })), paging };
  },
};

export function toPriceRow(p: Pricing): PriceRow {
  const first = p.rates?.[0];
  return {
    billingTerm: n(p.billingTerm),
    commitmentTerm: n(p.commitmentTerm),
    commitmentTermInMonths: n(p.commitmentTermInMonths),
    unit: n(p.unitOfMeasurement),
    chargeType: n(first?.chargeType),
    partnerCost: n(first?.partnerBuyRate),
    customerPrice: n(first?.suggestedRetailPrice),
    minQuantity: n(first?.startQuantityRange),
    maxQuantity: n(first?.endQuantityRange),
  };
}

/** A provisioning detail as views show it: its key, what it takes and when it applies. */
export function provisioningField(d: ProvisioningDetail): ProvisioningField {
  return {
    key: d.key,
    label: d.label ?? d.key,
    description: n(d.description),
    valueType: n(d.valueType),
    possibleValues: d.possibleValues ?? [],
    appliesWhen: appliesWhen(d),
    expected: expectedAnswer(d),
  };
}

/** `product <name|sku|id>`: prices (for the channel's company when mapped), commitments, provisioning details. */
export const productHandler: Handler<IntentOf<'product'>> = {
  ack: () => 'Reading the product, its prices and terms...',
  async run(r, deps) {
    // Prices are the partner's: those of the mapped company's account, else of the account asked for.
    const company = await mappedCompany(r, deps);
    const account = company?.account ?? r.account;
    const resolved = fromMatch('product', r.product, await deps.resolver.product(r.product, account), describeProduct, (id) =>
      commandLine(w.product, id, ...accountArgs(r)),
    );
    if (!resolved.ok) return resolved.view;
    const id = resolved.value.id;
    const pax8 = deps.pax8.get(account);
    const [product, pricing, dependencies, provisioning] = await Promise.all([
      pax8.products.get(id),
      pax8.products.pricing(id, company ? { companyId: company.id } : {}),
      pax8.products.dependencies(id),
      pax8.products.provisionDetails(id),
    ]);
    return {
      kind: 'productDetail',
      product: {
        id: product.id,
        name: product.name,
        vendorName: n(product.vendorName),
        sku: n(product.sku),
        description: n(product.description ?? product.shortDescription),
        requiresCommitment: n(product.requiresCommitment),
      },
      pricedFor: company ? { id: company.id, name: company.name } : null,
      currency: null,
      prices: pricing.map(toPriceRow),
      commitments: dependencies.commitmentDependencies.map(toCommitmentOption),
      provisioning: provisioning.map(provisioningField),
    };
  },
};
