import { z } from 'zod';
import type { Address, Contact } from '../model.ts';

/** Inbound shapes for companies and contacts (partner-endpoints.json `Company`, `Contact`). */
export const addressSchema = z.object({
  street: z.string().optional(),
  street2: z.string().optional(),
  city: z.string().optional(),
  stateOrProvince: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code').optional(),
});

export const contactSchema = z.object({
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  email: z.email(),
  phone: z.string().min(1),
  types: z.array(z.object({ type: z.enum(['Admin', 'Billing', 'Technical']), primary: z.boolean().optional() })).optional(),
});

export const createCompanySchema = z.object({
  name: z.string().trim().min(1),
  address: addressSchema,
  phone: z.string().min(1),
  website: z.string().min(1),
  externalId: z.string().optional(),
  billOnBehalfOfEnabled: z.boolean(),
  selfServiceAllowed: z.boolean(),
  orderApprovalRequired: z.boolean(),
  contacts: z.array(contactSchema).optional(),
});

export const updateCompanySchema = createCompanySchema.omit({ contacts: true }).partial().extend({
  id: z.string().optional(),
  status: z.string().optional(),
  updatedDate: z.string().optional(),
});

/** Copies only the fields that are set (the records use exact optional properties). */
export function toAddress(input: z.output<typeof addressSchema>): Address {
  const address: Address = {};
  for (const key of ['street', 'street2', 'city', 'stateOrProvince', 'postalCode', 'country'] as const) {
    const value = input[key];
    if (value !== undefined) address[key] = value;
  }
  return address;
}

export function toContact(input: z.output<typeof contactSchema>, id: string, now: number): Contact {
  return {
    id,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    phone: input.phone,
    createdAt: now,
    types: (input.types ?? []).map((t) => ({ type: t.type, primary: t.primary ?? false })),
  };
}

/** A contact made primary for a type takes that role from whoever held it. */
export function claimPrimaryRoles(contacts: readonly Contact[], claimant: Contact): void {
  for (const role of claimant.types.filter((t) => t.primary)) {
    for (const other of contacts) {
      if (other === claimant) continue;
      for (const t of other.types) if (t.type === role.type) t.primary = false;
    }
  }
}
