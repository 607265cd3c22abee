import { contentSchema } from '../schemas/common.ts';
import {
  pricingSchema,
  productDependenciesSchema,
  productSchema,
  provisioningDetailSchema,
  type Pricing,
  type Product,
  type ProductDependencies,
  type ProvisioningDetail,
} from '../schemas/product.ts';
import { fetchContent, listAll, toQuery, type ResourceContext } from './context.ts';

/** `/products` (Pax8 docs: https://devx.pax8.com/reference/findallproducts). */
export interface ProductsResource {
  list(filters?: { search?: string; vendorName?: string; sort?: string }): AsyncIterable<Product>;
  get(productId: string): Promise<Product>;
  /** What an order of this product must carry in `provisioningDetails` (WIRE-NOTES rule 7). */
  provisionDetails(productId: string): Promise<ProvisioningDetail[]>;
  /** Commitment terms (NCE) and required products (WIRE-NOTES rule 5). */
  dependencies(productId: string): Promise<ProductDependencies>;
  /** Price list; with `companyId`, the prices that company gets. */
  pricing(productId: string, options?: { companyId?: string }): Promise<Pricing[]>;
}

const provisionDetailsSchema = contentSchema(provisioningDetailSchema);
const pricingListSchema = contentSchema(pricingSchema);

export function createProductsResource(ctx: ResourceContext): ProductsResource {
  const params = (productId: string): Record<string, string> => ({ productId });
  return {
    list: (filters) => listAll(ctx, '/products', productSchema, {}, toQuery(filters)),
    get: (productId) => ctx.request({ method: 'GET', route: '/products/{productId}', params: params(productId), schema: productSchema, kind: 'read' }),
    provisionDetails: (productId) => fetchContent(ctx, '/products/{productId}/provision-details', provisionDetailsSchema, params(productId)),
    dependencies: (productId) =>
      ctx.request({
        method: 'GET',
        route: '/products/{productId}/dependencies',
        params: params(productId),
        schema: productDependenciesSchema,
        kind: 'read',
      }),
    pricing: (productId, options) => fetchContent(ctx, '/products/{productId}/pricing', pricingListSchema, params(productId), toQuery(options)),
  };
}
