import { z } from 'zod';
import { wireIds } from '../wire-ids.ts';
import { approvalPreviewSchema } from '../approvals/kinds/index.ts';
import { provisioningFieldSchema } from './product-views.ts';
import { commandActionSchema, companyRefSchema, currencySchema, isoDateSchema, pagingSchema } from './view-parts.ts';

/** States of the approval lifecycle (DESIGN "Approval lifecycle"). */
export const approvalStates = ['pending', 'approved', 'scheduled', 'executing', 'succeeded', 'failed', 'unknown', 'denied', 'expired', 'cancelled'] as const;
export type ApprovalState = (typeof approvalStates)[number];

/** A button on an approval card; `version` makes a click on a stale card a no-op. */
export const approvalActionSchema = z.object({
  verb: z.enum([wireIds.cardVerbs.approve, wireIds.cardVerbs.deny, wireIds.cardVerbs.cancelRequest, wireIds.cardVerbs.withdraw, wireIds.cardVerbs.resume, wireIds.cardVerbs.newPassword]),
  label: z.string(),
  requestId: z.string(),
  version: z.number().int(),
});
export type ApprovalAction = z.infer<typeof approvalActionSchema>;

/** Everything a card showing one approval request displays. */
export const approvalCardSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  requestKind: z.string(),
  state: z.enum(approvalStates),
  summary: z.string(),
  requester: z.object({ email: z.string().nullable(), displayName: z.string().nullable() }),
  createdAt: isoDateSchema,
  expiresAt: isoDateSchema.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: isoDateSchema.nullable(),
  /**
   * Who approved so far, in the order they voted. Above `secondApproverAbove` a request stays
   * pending after its first approval; this is how every copy of the card shows that vote.
   */
  approvedBy: z.array(z.string()),
  /** Distinct approvals the policy asks for (1, or 2 above `secondApproverAbove`). */
  approvalsNeeded: z.number().int().min(1),
  /** Denial or cancellation reason; for failed, unknown and scheduled requests, what Pax8 answered. */
  reason: z.string().nullable(),
  /** When a scheduled change runs (inside the renewal window). */
  runAt: isoDateSchema.nullable(),
  /** What Pax8 created or changed (order id, subscription ids) once the write succeeded. */
  pax8Ids: z.array(z.string()),
  /** The same ids, each saying what it is: "Pax8 order", "Subscription". */
  records: z.array(z.object({ label: z.string(), id: z.string() })).default([]),
  /**
   * What the change did, read when it ran ("14 → 13 seats"), and what Pax8 reports of it since
   * (provisioning, active, failed); null until it ran.
   */
  outcome: z.string().nullable(),
  monthlyCostDelta: z.number(),
  currency: currencySchema,
  preview: approvalPreviewSchema.nullable(),
  /**
   * A multi-step request's steps in order, each done / waiting / failed / not done yet with one
   * line of what it did or why it stopped; empty for a single write.
   */
  steps: z
    .array(z.object({ title: z.string(), state: z.enum(['pending', 'done', 'waiting', 'failed', 'unknown']), summary: z.string().nullable() }))
    .default([]),
  /** Buttons to show now; empty once the request is decided. */
  actions: z.array(approvalActionSchema),
});
export type ApprovalCard = z.infer<typeof approvalCardSchema>;

/** A request opened by `buy`, `seats` or `cancel`; posted to the requester and the approvals channel. */
export const approvalRequestSchema = z.object({
  kind: z.literal('approvalRequest'),
  request: approvalCardSchema,
  /** Said above the facts to whoever gets this answer (e.g. "you asked for this already"); not kept on later copies. */
  note: z.string().optional(),
});
export type ApprovalRequestView = z.infer<typeof approvalRequestSchema>;

/**
 * The answer to an approve / deny / cancel click. `message` is for the person who clicked;
 * `request` is what every card showing the request must now look like (null if it is unknown).
 */
export const approvalResultSchema = z.object({
  kind: z.literal('approvalResult'),
  outcome: z.enum(['approved', 'denied', 'cancelled', 'withdrawn', 'resumed', 'password_sent', 'awaiting_second_approver', 'refused']),
  message: z.string(),
  request: approvalCardSchema.nullable(),
});
export type ApprovalResultView = z.infer<typeof approvalResultSchema>;

/**
 * `requests [mine|pending]`. A row's buttons: Show card (`request <id>`) always; on a pending
 * request, for someone who may decide it, the approval card's own Approve and Deny.
 */
export const requestListSchema = z.object({
  kind: z.literal('requestList'),
  filter: z.enum(['mine', 'pending', 'all']),
  items: z.array(
    z.object({
      id: z.string(),
      requestKind: z.string(),
      state: z.enum(approvalStates),
      summary: z.string(),
      requesterEmail: z.string().nullable(),
      /** How cards name the requester (their display name, else the e-mail). */
      requesterName: z.string().nullable().default(null),
      createdAt: isoDateSchema,
      monthlyCostDelta: z.number(),
      actions: z.array(z.union([approvalActionSchema, commandActionSchema])).default([]),
    }),
  ),
  paging: pagingSchema,
});
export type RequestListView = z.infer<typeof requestListSchema>;

/** `audit [from] [to]`: the append-only audit log, newest first. */
export const auditListSchema = z.object({
  kind: z.literal('auditList'),
  from: isoDateSchema.nullable(),
  to: isoDateSchema.nullable(),
  items: z.array(
    z.object({
      at: isoDateSchema,
      action: z.string(),
      requestId: z.string().nullable(),
      actorEmail: z.string().nullable(),
      role: z.string().nullable(),
      platform: z.string().nullable(),
      fromState: z.string().nullable(),
      toState: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  paging: pagingSchema,
});
export type AuditListView = z.infer<typeof auditListSchema>;

/**
 * A form of named fields whose submission (`submit_details`) re-runs `command` with the answers
 * added: `buy` for a product that needs provisioning details the command did not give, or gave
 * wrong (only those details; `command` carries every detail already accepted), and `onboard` (the
 * new user's form, with `title` and `subtitle` of its own and no product).
 */
export const detailsFormSchema = z.object({
  kind: z.literal('detailsForm'),
  company: companyRefSchema,
  product: z.object({ id: z.string(), name: z.string() }).nullable().default(null),
  quantity: z.number().int().min(1).nullable().default(null),
  /** The form's heading when it is not an order's details. */
  title: z.string().nullable().default(null),
  subtitle: z.string().nullable().default(null),
  command: z.string(),
  verb: z.literal(wireIds.cardVerbs.submitDetails),
  fields: z.array(
    provisioningFieldSchema.extend({
      /** What was typed, shown again. */
      value: z.string().nullable(),
      input: z.enum(['choice', 'date', 'text']).default('text'),
      /** Why it is asked again (the answer was refused, or left empty); null on first asking. */
      problem: z.string().nullable().default(null),
      /** May be left empty. */
      optional: z.boolean().default(false),
    }),
  ),
});
export type DetailsFormView = z.infer<typeof detailsFormSchema>;
