import { companyCreateSchema, companySchema, companyUpdateSchema, type Company, type CompanyCreate, type CompanyFilters, type CompanyUpdate } from '../schemas/company.ts';
import type { Page } from '../schemas/common.ts';
import { contactCreateSchema, contactSchema, type Contact, type ContactCreate } from '../schemas/contact.ts';
import { strictBody } from '../../http/strict-body.ts';
import { fetchPage, listAll, toQuery, type ResourceContext } from './context.ts';

/** `/companies` (Pax8 docs: https://devx.pax8.com/reference/findcompanies). */
export interface CompaniesResource {
  /** Every company matching the filters; there is no name filter, so match names locally. */
  list(filters?: CompanyFilters): AsyncIterable<Company>;
  page(query: CompanyFilters & { page: number; size: number }): Promise<Page<Company>>;
  get(companyId: string): Promise<Company>;
  /** Creates a company; include `contacts` (primary Admin, Billing, Technical) to have it Active. Never retried. */
  create(body: CompanyCreate): Promise<Company>;
  /** Changes the given fields only (PATCH). Never retried. */
  update(companyId: string, patch: CompanyUpdate): Promise<Company>;
}

export function createCompaniesResource(ctx: ResourceContext): CompaniesResource {
  return {
    list: (filters) => listAll(ctx, '/companies', companySchema, {}, toQuery(filters)),
    page: (query) => fetchPage(ctx, '/companies', companySchema, {}, toQuery(query)),
    get: (companyId) => ctx.request({ method: 'GET', route: '/companies/{companyId}', params: { companyId }, schema: companySchema, kind: 'read' }),
    create: async (body) =>
      ctx.request({ method: 'POST', route: '/companies', body: strictBody('company', () => companyCreateSchema.parse(body)), schema: companySchema, kind: 'write' }),
    update: async (companyId, patch) =>
      ctx.request({
        method: 'PATCH',
        route: '/companies/{companyId}',
        params: { companyId },
        body: strictBody('company update', () => companyUpdateSchema.parse(patch)),
        schema: companySchema,
        kind: 'write',
      }),
  };
}

/** `/companies/{companyId}/contacts`. */
export interface ContactsResource {
  list(companyId: string): AsyncIterable<Contact>;
  get(companyId: string, contactId: string): Promise<Contact>;
  /** Adds a contact. Never retried. */
  create(companyId: string, body: ContactCreate): Promise<Contact>;
}

export function createContactsResource(ctx: ResourceContext): ContactsResource {
  return {
    list: (companyId) => listAll(ctx, '/companies/{companyId}/contacts', contactSchema, { companyId }),
    get: (companyId, contactId) =>
      ctx.request({
        method: 'GET',
        route: '/companies/{companyId}/contacts/{contactId}',
        params: { companyId, contactId },
        schema: contactSchema,
        kind: 'read',
      }),
    create: async (companyId, body) =>
      ctx.request({
        method: 'POST',
        route: '/companies/{companyId}/contacts',
        params: { companyId },
        body: strictBody('contact', () => contactCreateSchema.parse(body)),
        schema: contactSchema,
        kind: 'write',
      }),
  };
}
