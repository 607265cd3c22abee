import type { SandboxRuntime } from '../sandbox-runtime.ts';

/** A record the sandbox holds, by id, named the way a person reads it. */
export type LookedUpRecord =
  | { id: string; kind: 'company'; name: string }
  | { id: string; kind: 'product'; name: string; vendorName: string }
  | { id: string; kind: 'subscription'; companyId: string; companyName: string | null; productId: string; productName: string | null; quantity: number; status: string };

/** More ids than any page of writes names; a longer list is cut, never an error. */
const maxIds = 200;

/**
 * `GET /__sandbox/lookup?id=…&id=…`: the companies, products and subscriptions with these ids, in
 * any account, as they stand now. The local console names the companies, products and seat counts
 * of the writes it lists with it, without a Pax8 call that would count against the partner's rate
 * limit or show in the request stats. Unknown ids are left out.
 */
export function lookupRecords(rt: SandboxRuntime, query: URLSearchParams): { records: LookedUpRecord[] } {
  const ids = [...new Set(query.getAll('id').flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''))].slice(0, maxIds);
  const records: LookedUpRecord[] = [];
  for (const id of ids) {
    for (const { data } of rt.accounts) {
      const company = data.companiesById.get(id);
      const product = data.productsById.get(id);
      const subscription = data.subscriptionsById.get(id);
      if (company) records.push({ id, kind: 'company', name: company.name });
      else if (product) records.push({ id, kind: 'product', name: product.name, vendorName: product.vendorName });
      else if (subscription) {
        records.push({
          id,
          kind: 'subscription',
          companyId: subscription.companyId,
          companyName: data.companiesById.get(subscription.companyId)?.name ?? null,
          productId: subscription.productId,
          productName: data.productsById.get(subscription.productId)?.name ?? null,
          quantity: subscription.state.quantity,
          status: subscription.state.status,
        });
      } else continue;
      break;
    }
  }
  return { records };
}
