import type { Company } from '../model.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { parseBody } from '../http/parse-body.ts';
import { paginate, parsePaging, sortItems } from '../http/paging.ts';
import { boolParam, matches } from '../http/query.ts';
import { ok, type RouteContext, type RouteDef } from '../http/route-types.ts';
import { hasAllPrimaryContacts } from '../seed/seed-companies.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { companyWire } from '../wire/company-wire.ts';
import { claimPrimaryRoles, createCompanySchema, toAddress, toContact, updateCompanySchema } from './company-schemas.ts';

/** Finds a company or answers Pax8's 404 `Company Not Found: <id>`. */
export function requireCompany(data: SandboxData, id: string): Company {
  const company = data.companiesById.get(id);
  if (!company) throw notFound('Company', id);
  return company;
}

const sortable: Record<string, (c: Company) => unknown> = {
  name: (c) => c.name, id: (c) => c.id, status: (c) => c.status, updatedDate: (c) => c.updatedAt,
  externalId: (c) => c.externalId, city: (c) => c.address.city, country: (c) => c.address.country,
  stateOrProvince: (c) => c.address.stateOrProvince, postalCode: (c) => c.address.postalCode,
};

function listCompanies({ data, query }: RouteContext) {
  const paging = parsePaging(query);
  const flags = (['selfServiceAllowed', 'billOnBehalfOfEnabled', 'orderApprovalRequired'] as const).map((name) => [name, boolParam(query, name)] as const);
  const [city, country, stateOrProvince, postalCode, status] = ['city', 'country', 'stateOrProvince', 'postalCode', 'status'].map((name) => query.get(name));
  // Read the filters once, not once per company.
  const filtered = data.companies.filter(
    (c) =>
      matches(city ?? null, c.address.city) &&
      matches(country ?? null, c.address.country) &&
      matches(stateOrProvince ?? null, c.address.stateOrProvince) &&
      matches(postalCode ?? null, c.address.postalCode) &&
      matches(status ?? null, c.status) &&
      flags.every(([name, value]) => value === undefined || c[name] === value),
  );
  return ok(paginate(sortItems(filtered, query, sortable), paging, companyWire));
}

function createCompany({ data, body, now }: RouteContext) {
  const input = parseBody(createCompanySchema, body);
  if (data.companies.some((c) => c.name.toLowerCase() === input.name.toLowerCase() && c.status !== 'Deleted')) {
    throw new ApiError(422, `Company name already exists: ${input.name}`, [{ message: 'name must be unique for the partner' }]);
  }
  const contacts = (input.contacts ?? []).map((c) => toContact(c, data.ids.uuid(), now));
  for (const contact of contacts) claimPrimaryRoles(contacts, contact);
  const company: Company = {
    id: data.ids.uuid(),
    name: input.name,
    address: toAddress(input.address),
    phone: input.phone,
    website: input.website,
    billOnBehalfOfEnabled: input.billOnBehalfOfEnabled,
    selfServiceAllowed: input.selfServiceAllowed,
    orderApprovalRequired: input.orderApprovalRequired,
    status: hasAllPrimaryContacts(contacts) ? 'Active' : 'Inactive',
    updatedAt: now,
    contacts,
  };
  if (input.externalId !== undefined) company.externalId = input.externalId;
  data.companies.push(company);
  data.companiesById.set(company.id, company);
  return ok(companyWire(company));
}

function updateCompany({ data, body, params, now }: RouteContext) {
  const company = requireCompany(data, params.companyId ?? '');
  const input = parseBody(updateCompanySchema, body);
  if (input.name !== undefined) company.name = input.name;
  if (input.address !== undefined) company.address = toAddress(input.address);
  if (input.phone !== undefined) company.phone = input.phone;
  if (input.website !== undefined) company.website = input.website;
  if (input.externalId !== undefined) company.externalId = input.externalId;
  if (input.billOnBehalfOfEnabled !== undefined) company.billOnBehalfOfEnabled = input.billOnBehalfOfEnabled;
  if (input.selfServiceAllowed !== undefined) company.selfServiceAllowed = input.selfServiceAllowed;
  if (input.orderApprovalRequired !== undefined) company.orderApprovalRequired = input.orderApprovalRequired;
  company.updatedAt = now;
  return ok(companyWire(company));
}

export const companyRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/companies', handler: listCompanies },
  { method: 'POST', pattern: '/companies', handler: createCompany },
  { method: 'GET', pattern: '/companies/{companyId}', handler: ({ data, params }) => ok(companyWire(requireCompany(data, params.companyId ?? ''))) },
  { method: 'PATCH', pattern: '/companies/{companyId}', handler: updateCompany },
];
