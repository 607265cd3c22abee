import type { RouteDef } from '../http/route-types.ts';
import { companyRoutes } from './companies.ts';
import { contactRoutes } from './contacts.ts';
import { invoiceRoutes } from './invoices.ts';
import { orderRoutes } from './orders.ts';
import { productRoutes } from './products.ts';
import { subscriptionRoutes } from './subscriptions.ts';
import { usageRoutes } from './usage.ts';

/** The 29 operations of partner-endpoints.json, paths relative to `/v1`. */
export const partnerRoutes: readonly RouteDef[] = [
  ...companyRoutes, ...contactRoutes, ...productRoutes, ...orderRoutes, ...subscriptionRoutes, ...invoiceRoutes, ...usageRoutes,
];
