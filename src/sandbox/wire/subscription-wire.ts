import type { Order, Product, Subscription, SubscriptionState } from '../model.ts';
import { dateOnly, isoOffset, isoZ, mixedDate, pax8Day } from '../wire-dates.ts';
import type { WireObject } from './wire-types.ts';

/**
 * `Subscription` as the wire really has it: the commitment is under `commitment` (not the spec's
 * `commitmentTerm`), `createdDate`/`endDate` mix date styles, `vendorSkuId` only on a single GET.
 */
export function subscriptionWire(sub: Subscription, product: Product | undefined, options: { single?: boolean; state?: SubscriptionState } = {}): WireObject {
  const state = options.state ?? sub.state;
  const commitment = product?.commitments.find((c) => c.id === sub.commitmentId);
  return {
    id: sub.id,
    ...(sub.parentSubscriptionId ? { parentSubscriptionId: sub.parentSubscriptionId } : {}),
    companyId: sub.companyId,
    productId: sub.productId,
    ...(sub.vendorSubscriptionId ? { vendorSubscriptionId: sub.vendorSubscriptionId } : {}),
    ...(options.single && product?.skuGuid ? { vendorSkuId: product.skuGuid } : {}),
    quantity: state.quantity,
    startDate: isoZ(state.startAt),
    ...(state.endAt !== undefined ? { endDate: mixedDate(state.endAt, sub.dateStyle + 1) } : {}),
    createdDate: mixedDate(sub.createdAt, sub.dateStyle),
    ...(state.at > sub.createdAt ? { updatedDate: isoOffset(state.at) } : {}),
    billingStart: dateOnly(sub.createdAt),
    status: state.status,
    price: state.price,
    currencyCode: sub.currencyCode,
    partnerCost: state.partnerCost,
    productName: product?.name ?? 'Unknown product',
    billingTerm: state.billingTerm,
    ...(commitment && state.endAt !== undefined ? { commitment: { id: commitment.id, term: commitment.term, endDate: isoZ(state.endAt) } } : {}),
  };
}

/** `Order`; `orderedBy` reads `Pax8Partner` on GET although create takes `Pax8 Partner`. */
export function orderWire(order: Order, options: { includeOrderedBy: boolean }): WireObject {
  return {
    id: order.id,
    companyId: order.companyId,
    createdDate: order.datedInPax8Zone ? pax8Day(order.createdAt) : dateOnly(order.createdAt),
    ...(options.includeOrderedBy ? { orderedBy: order.orderedBy, orderedByUserId: order.orderedByUserId, orderedByUserEmail: order.orderedByUserEmail } : {}),
    isScheduled: order.isScheduled,
    status: order.status,
    lineItems: order.lineItems.map((line) => ({
      id: line.id,
      productId: line.productId,
      subscriptionId: line.subscriptionId,
      ...(line.commitmentTermId ? { commitmentTermId: line.commitmentTermId } : {}),
      provisionStartDate: isoZ(line.provisionStartAt),
      billingTerm: line.billingTerm,
      quantity: line.quantity,
    })),
  };
}
