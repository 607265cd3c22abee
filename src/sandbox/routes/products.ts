import type { Product } from '../model.ts';
import { notFound } from '../http/api-error.ts';
import { paginate, parsePaging, sortItems } from '../http/paging.ts';
import { matches } from '../http/query.ts';
import { ok, type RouteContext, type RouteDef } from '../http/route-types.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { commitmentWire, pricingWire, productDetailWire, productWire, provisionWire } from '../wire/product-wire.ts';
import { requireCompany } from './companies.ts';

/** Finds a product or answers Pax8's 404. */
export function requireProduct(data: SandboxData, id: string): Product {
  const product = data.productsById.get(id);
  if (!product) throw notFound('Product', id);
  return product;
}

const sortable: Record<string, (p: Product) => unknown> = {
  name: (p) => p.name, vendor: (p) => p.vendorName, vendorName: (p) => p.vendorName, sku: (p) => p.sku, id: (p) => p.id,
};

function listProducts({ data, query }: RouteContext) {
  const paging = parsePaging(query);
  const search = (query.get('search') ?? '').trim().toLowerCase();
  const vendorName = query.get('vendorName');
  const filtered = data.products.filter(
    (p) =>
      matches(vendorName, p.vendorName) &&
      (search === '' || [p.name, p.sku, p.vendorName, p.shortDescription].some((text) => text.toLowerCase().includes(search))),
  );
  return ok(paginate(sortItems(filtered, query, sortable), paging, productWire));
}

function dependencies({ data, params }: RouteContext) {
  const product = requireProduct(data, params.productId ?? '');
  const required = product.requiresProductIds.flatMap((id) => {
    const p = data.productsById.get(id);
    return p ? [productWire(p)] : [];
  });
  return ok({
    commitmentDependencies: product.commitments.map(commitmentWire),
    productDependencies: required.length > 0 ? [{ name: 'Requires', products: required }] : [],
  });
}

function pricing({ data, params, query }: RouteContext) {
  const product = requireProduct(data, params.productId ?? '');
  const companyId = query.get('companyId');
  // A company-specific price list: customers of this sandbox get list price.
  if (companyId) requireCompany(data, companyId);
  return ok({ content: product.prices.map((option) => pricingWire(product, option, 1)) });
}

export const productRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/products', handler: listProducts },
  { method: 'GET', pattern: '/products/{productId}', handler: ({ data, params }) => ok(productDetailWire(requireProduct(data, params.productId ?? ''))) },
  {
    method: 'GET',
    pattern: '/products/{productId}/provision-details',
    handler: ({ data, params }) => ok({ content: requireProduct(data, params.productId ?? '').provision.map(provisionWire) }),
  },
  { method: 'GET', pattern: '/products/{productId}/dependencies', handler: dependencies },
  { method: 'GET', pattern: '/products/{productId}/pricing', handler: pricing },
];
