import { z } from 'zod';
import { collectionSchema, optionalText } from './common.ts';

/** A domain of the tenant; a new user's UPN must use a verified, managed one. */
export const verifiedDomainSchema = z.object({
  name: z.string().min(1),
  isDefault: z.boolean(),
  isInitial: z.boolean(),
  /** `Managed` or `Federated`. */
  type: optionalText,
  capabilities: optionalText,
});
export type VerifiedDomain = z.infer<typeof verifiedDomainSchema>;

/** The tenant (`GET /organization` → `value[0]`). */
export const organizationSchema = z.object({
  id: z.string().min(1),
  displayName: optionalText,
  countryLetterCode: optionalText,
  verifiedDomains: z.array(verifiedDomainSchema),
});
export type Organization = z.infer<typeof organizationSchema>;

/** `GET /organization`: a collection holding the one organization of the tenant. */
export const organizationCollectionSchema = collectionSchema(organizationSchema).extend({ value: z.array(organizationSchema).min(1) });
