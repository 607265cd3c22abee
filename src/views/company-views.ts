import { z } from 'zod';
import { companyRefSchema, isoDateSchema, pagingSchema } from './view-parts.ts';

/** `companies [text]`: one page of companies matching the text. */
export const companyListSchema = z.object({
  kind: z.literal('companyList'),
  query: z.string().nullable(),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string().nullable(),
      city: z.string().nullable(),
      country: z.string().nullable(),
      /** The Pax8 account the company belongs to; null when the bot has only one. */
      account: z.string().nullable().default(null),
    }),
  ),
  paging: pagingSchema,
});
export type CompanyListView = z.infer<typeof companyListSchema>;

/** `company <name|id>`: one company, with what an order would need (status, primary contacts). */
export const companyDetailSchema = z.object({
  kind: z.literal('companyDetail'),
  company: z.object({
    id: z.string(),
    name: z.string(),
    status: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    externalId: z.string().nullable(),
    address: z.array(z.string()),
    billOnBehalfOfEnabled: z.boolean().nullable(),
    selfServiceAllowed: z.boolean().nullable(),
    orderApprovalRequired: z.boolean().nullable(),
    updatedDate: isoDateSchema.nullable(),
  }),
  /** `true` when the company can order: Active (WIRE-NOTES rule 6). */
  canOrder: z.boolean(),
  contactCount: z.number().int().min(0),
  /** Contact types that have no primary contact; an order needs Admin, Billing and Technical. */
  missingPrimaryContacts: z.array(z.string()),
});
export type CompanyDetailView = z.infer<typeof companyDetailSchema>;

/** `contacts <company>`. */
export const contactListSchema = z.object({
  kind: z.literal('contactList'),
  company: companyRefSchema,
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      types: z.array(z.string()),
      primaryFor: z.array(z.string()),
    }),
  ),
  paging: pagingSchema,
});
export type ContactListView = z.infer<typeof contactListSchema>;
