import type { Company, Contact } from '../model.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { parseBody } from '../http/parse-body.ts';
import { paginate, parsePaging } from '../http/paging.ts';
import { noContent, ok, type RouteContext, type RouteDef } from '../http/route-types.ts';
import { hasAllPrimaryContacts } from '../seed/seed-companies.ts';
import { contactWire } from '../wire/company-wire.ts';
import { claimPrimaryRoles, contactSchema, toContact } from './company-schemas.ts';
import { requireCompany } from './companies.ts';

function requireContact(company: Company, id: string): Contact {
  const contact = company.contacts.find((c) => c.id === id);
  if (!contact) throw notFound('Contact', id);
  return contact;
}

/** Company status follows the contacts: all three primary types make it Active (Pax8 rule 6). */
function refreshStatus(company: Company, now: number): void {
  if (company.status === 'Deleted') return;
  company.status = hasAllPrimaryContacts(company.contacts) ? 'Active' : 'Inactive';
  company.updatedAt = now;
}

function createContact({ data, params, body, now }: RouteContext) {
  const company = requireCompany(data, params.companyId ?? '');
  const contact = toContact(parseBody(contactSchema, body), data.ids.uuid(), now);
  company.contacts.push(contact);
  claimPrimaryRoles(company.contacts, contact);
  refreshStatus(company, now);
  return ok(contactWire(contact));
}

function updateContact({ data, params, body, now }: RouteContext) {
  const company = requireCompany(data, params.companyId ?? '');
  const contact = requireContact(company, params.contactId ?? '');
  const next = toContact(parseBody(contactSchema, body), contact.id, contact.createdAt);
  Object.assign(contact, next);
  claimPrimaryRoles(company.contacts, contact);
  refreshStatus(company, now);
  return ok(contactWire(contact));
}

function deleteContact({ data, params, now }: RouteContext) {
  const company = requireCompany(data, params.companyId ?? '');
  const contact = requireContact(company, params.contactId ?? '');
  const rest = company.contacts.filter((c) => c !== contact);
  if (company.status === 'Active' && !hasAllPrimaryContacts(rest)) {
    throw new ApiError(422, 'Cannot delete the primary contact of an active company', [{ message: 'assign the primary Admin, Billing and Technical roles to another contact first' }]);
  }
  company.contacts = rest;
  refreshStatus(company, now);
  return noContent;
}

export const contactRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/companies/{companyId}/contacts',
    handler: ({ data, params, query }) => ok(paginate(requireCompany(data, params.companyId ?? '').contacts, parsePaging(query), contactWire)),
  },
  { method: 'POST', pattern: '/companies/{companyId}/contacts', handler: createContact },
  {
    method: 'GET',
    pattern: '/companies/{companyId}/contacts/{contactId}',
    handler: ({ data, params }) => ok(contactWire(requireContact(requireCompany(data, params.companyId ?? ''), params.contactId ?? ''))),
  },
  { method: 'PUT', pattern: '/companies/{companyId}/contacts/{contactId}', handler: updateContact },
  { method: 'DELETE', pattern: '/companies/{companyId}/contacts/{contactId}', handler: deleteContact },
];
