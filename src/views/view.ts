import { z } from 'zod';
import { approvalRequestSchema, approvalResultSchema, auditListSchema, detailsFormSchema, requestListSchema } from './approval-views.ts';
import { fileExportSchema, reconcileSummarySchema } from './billing-views.ts';
import { onboardChecklistSchema } from './checklist-views.ts';
import { companyDetailSchema, companyListSchema, contactListSchema } from './company-views.ts';
import { choicesSchema, errorSchema, helpSchema, noticeSchema, workingSchema } from './message-views.ts';
import { licenceListSchema, unusedListSchema, userDetailSchema, userListSchema } from './microsoft-views.ts';
import { offboardFormSchema } from './offboard-views.ts';
import { orderDetailSchema, orderListSchema } from './order-views.ts';
import { productDetailSchema, productListSchema } from './product-views.ts';
import { renewalListSchema, seatsFormSchema, subscriptionDetailSchema, subscriptionListSchema } from './subscription-views.ts';

/**
 * Every answer the intent layer gives is one of these. The next layer turns each kind into an
 * Adaptive Card (Teams), Block Kit (Slack) or text; `viewSchema` is the data contract it can check.
 */
export const viewSchema = z.discriminatedUnion('kind', [
  helpSchema,
  companyListSchema,
  companyDetailSchema,
  contactListSchema,
  productListSchema,
  productDetailSchema,
  subscriptionListSchema,
  subscriptionDetailSchema,
  orderListSchema,
  orderDetailSchema,
  requestListSchema,
  renewalListSchema,
  auditListSchema,
  licenceListSchema,
  unusedListSchema,
  userListSchema,
  userDetailSchema,
  reconcileSummarySchema,
  fileExportSchema,
  approvalRequestSchema,
  approvalResultSchema,
  detailsFormSchema,
  seatsFormSchema,
  offboardFormSchema,
  onboardChecklistSchema,
  choicesSchema,
  workingSchema,
  noticeSchema,
  errorSchema,
]);
export type View = z.infer<typeof viewSchema>;
export type ViewKind = View['kind'];
