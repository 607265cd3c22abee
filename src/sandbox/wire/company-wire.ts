import type { Company, Contact } from '../model.ts';
import { dateOnly, isoOffset } from '../wire-dates.ts';
import type { WireObject } from './wire-types.ts';

/** `Company` as Pax8 sends it: `phone`/`externalId` absent when not set, `updatedDate` with an offset. */
export function companyWire(company: Company): WireObject {
  return {
    id: company.id,
    name: company.name,
    address: { ...company.address },
    ...(company.phone !== undefined ? { phone: company.phone } : {}),
    ...(company.website !== undefined ? { website: company.website } : {}),
    ...(company.externalId !== undefined ? { externalId: company.externalId } : {}),
    billOnBehalfOfEnabled: company.billOnBehalfOfEnabled,
    selfServiceAllowed: company.selfServiceAllowed,
    orderApprovalRequired: company.orderApprovalRequired,
    status: company.status,
    updatedDate: isoOffset(company.updatedAt),
  };
}

/** `Contact` with `createdDate` as a bare date, as in the spec example. */
export function contactWire(contact: Contact): WireObject {
  return {
    id: contact.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    createdDate: dateOnly(contact.createdAt),
    types: contact.types.map((t) => ({ ...t })),
  };
}
