import { z } from 'zod';
import { id, optionalBoolean, optionalText, pax8Date } from './common.ts';
import { contactCreateSchema } from './contact.ts';

const addressSchema = z.object({
  street: optionalText,
  street2: optionalText,
  city: optionalText,
  stateOrProvince: optionalText,
  postalCode: optionalText,
  country: optionalText,
});

/**
 * A company as Pax8 returns it. `phone` and `orderApprovalRequired` are "required" in the spec yet
 * missing from Pax8's own list example, so only `id` and `name` are relied on.
 */
export const companySchema = z.object({
  id,
  name: z.string(),
  address: addressSchema.nullish(),
  phone: optionalText,
  website: optionalText,
  externalId: optionalText,
  billOnBehalfOfEnabled: optionalBoolean,
  selfServiceAllowed: optionalBoolean,
  orderApprovalRequired: optionalBoolean,
  status: optionalText,
  updatedDate: pax8Date,
});
export type Company = z.infer<typeof companySchema>;

const addressWriteSchema = z.strictObject({
  street: z.string().min(1),
  street2: z.string().optional(),
  city: z.string().min(1),
  stateOrProvince: z.string().min(1),
  postalCode: z.string().min(1),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. US'),
});

const companyWriteFields = {
  name: z.string().min(1),
  address: addressWriteSchema,
  phone: z.string().min(1),
  website: z.string().min(1),
  externalId: z.string().optional(),
  billOnBehalfOfEnabled: z.boolean(),
  selfServiceAllowed: z.boolean(),
  orderApprovalRequired: z.boolean(),
};

/**
 * `POST /companies` body, strict. Passing `contacts` (primary Admin, Billing, Technical) creates the
 * company Active, ready to order (WIRE-NOTES rule 6).
 */
export const companyCreateSchema = z.strictObject({ ...companyWriteFields, contacts: z.array(contactCreateSchema).optional() });
export type CompanyCreate = z.input<typeof companyCreateSchema>;

/** `PATCH /companies/{id}` body: only the fields being changed; read-only fields are refused. */
export const companyUpdateSchema = z
  .strictObject({ ...companyWriteFields, address: addressWriteSchema.partial() })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'an update must change at least one field');
export type CompanyUpdate = z.input<typeof companyUpdateSchema>;

/** Filters of `GET /companies` (the API has no name filter: match names locally). */
export interface CompanyFilters {
  city?: string;
  country?: string;
  stateOrProvince?: string;
  postalCode?: string;
  selfServiceAllowed?: boolean;
  billOnBehalfOfEnabled?: boolean;
  orderApprovalRequired?: boolean;
  status?: 'Active' | 'Inactive' | 'Deleted';
  sort?: string;
}
