import { z } from 'zod';
import { companyRefSchema } from './view-parts.ts';

/**
 * What is left to do by hand after an onboarding request without a linked tenant ran: the user to
 * create with these exact values, the licence to assign, the manager to set, and a temporary
 * password to send privately. Sent to the requester when the request is done. Never holds a password:
 * the bot made none.
 */
export const onboardChecklistSchema = z.object({
  kind: z.literal('onboardChecklist'),
  requestId: z.string(),
  company: companyRefSchema,
  user: z.object({
    displayName: z.string(),
    userPrincipalName: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    mailNickname: z.string(),
    usageLocation: z.string(),
  }),
  licence: z.object({ name: z.string() }),
  /** What the bot did about the seat ("a seat was bought at Pax8: …", "the requester said a seat is free"). */
  seat: z.string(),
  manager: z.object({ name: z.string() }).nullable(),
  startDate: z.string().nullable(),
});
export type OnboardChecklistView = z.infer<typeof onboardChecklistSchema>;
