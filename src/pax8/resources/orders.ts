import { buildCreateOrderBody, orderSchema, type CreateOrderInput, type Order } from '../schemas/order.ts';
import { strictBody } from '../../http/strict-body.ts';
import { listAll, type ResourceContext } from './context.ts';

/** `/orders` (Pax8 docs: https://devx.pax8.com/reference/createorder). */
export interface OrdersResource {
  /**
   * Orders of one company. `companyId` is required: without it Pax8 can take over 30 s on large
   * partners, and `status` is silently ignored (WIRE-NOTES "Pagination").
   */
  list(filters: { companyId: string }): AsyncIterable<Order>;
  get(orderId: string): Promise<Order>;
  /**
   * Places an order, or with `isMock: true` only validates it (a dry run that creates nothing; may be
   * retried like a read). A real order is sent once: on a timeout or 5xx it throws
   * `Pax8OutcomeUnknownError`; look for the order with `list({companyId})` before trying again.
   */
  create(order: CreateOrderInput, options?: { isMock?: boolean }): Promise<Order>;
}

export function createOrdersResource(ctx: ResourceContext): OrdersResource {
  return {
    list: (filters) => listAll(ctx, '/orders', orderSchema, {}, { companyId: filters.companyId }),
    get: (orderId) => ctx.request({ method: 'GET', route: '/orders/{orderId}', params: { orderId }, schema: orderSchema, kind: 'read' }),
    create: async (order, options) => {
      const isMock = options?.isMock === true;
      return ctx.request({
        method: 'POST',
        route: '/orders',
        query: isMock ? { isMock: true } : {},
        body: strictBody('order', () => buildCreateOrderBody(order)),
        schema: orderSchema,
        kind: isMock ? 'read' : 'write',
      });
    },
  };
}
