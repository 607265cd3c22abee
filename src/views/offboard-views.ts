import { z } from 'zod';
import { offboardLicenceSchema } from '../approvals/kinds/offboard-plan.ts';
import { wireIds } from '../wire-ids.ts';
import { tenantViewSchema } from './microsoft-views.ts';
import { companyRefSchema, currencySchema } from './view-parts.ts';

/**
 * `offboard <company> <user>` with one user found: the form that asks what to do — block sign-in
 * and revoke sessions, remove the licences held directly, and for each of them release or keep
 * its seat at Pax8. `licences` is what the bot read (each seat as it would go if released);
 * `chosen` is what the form shows selected. Its submission (`submit_offboard`) runs `command` with
 * the answers; nothing reaches Microsoft or Pax8 before an approver decides (except sign-in, at once
 * when `blockAtOnce`).
 */
export const offboardFormSchema = z.object({
  kind: z.literal('offboardForm'),
  company: companyRefSchema,
  tenant: tenantViewSchema,
  user: z.object({ id: z.string(), upn: z.string(), displayName: z.string().nullable(), enabled: z.boolean().nullable() }),
  /** `onboarding.blockSignInBeforeApproval`: sign-in is blocked when the request is made. */
  blockAtOnce: z.boolean(),
  licences: z.array(offboardLicenceSchema),
  currency: currencySchema,
  chosen: z.object({
    blockSignIn: z.boolean(),
    removeLicences: z.boolean(),
    /** skuId (lower case) → release or keep, for the licences whose seat can be released. */
    seats: z.record(z.string(), z.enum(['release', 'keep'])),
  }),
  command: z.string(),
  verb: z.literal(wireIds.cardVerbs.submitOffboard),
  problem: z.string().nullable(),
});
export type OffboardFormView = z.infer<typeof offboardFormSchema>;
