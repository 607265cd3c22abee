import { z } from 'zod';
import { id, optionalBoolean, optionalText } from './common.ts';

export const contactTypes = ['Admin', 'Billing', 'Technical'] as const;

/** A company contact as Pax8 returns it (`GET /companies/{id}/contacts`). */
export const contactSchema = z.object({
  id,
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText,
  phone: optionalText,
  createdDate: optionalText,
  types: z.array(z.object({ type: z.string(), primary: optionalBoolean })).nullish(),
});
export type Contact = z.infer<typeof contactSchema>;

/**
 * What the client sends to create a contact, strict. A company needs a primary Admin, Billing and
 * Technical contact to become Active (one contact may hold all three; WIRE-NOTES rule 6).
 */
export const contactCreateSchema = z.strictObject({
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  email: z.email(),
  phone: z.string().min(1),
  types: z.array(z.strictObject({ type: z.enum(contactTypes), primary: z.boolean() })).optional(),
});
export type ContactCreate = z.input<typeof contactCreateSchema>;
