import { collect, type Contact } from '../../pax8/index.ts';
import type { CompanyDetailView } from '../../views/company-views.ts';
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { nameScorer } from '../fuzzy-match.ts';
import { resolveCompany } from '../resolve-company.ts';
import { accountArgs, arg, commandLine, iso, n, pageOf } from '../view-helpers.ts';

const w = wireIds.commands;
const contactTypes = ['Admin', 'Billing', 'Technical'] as const;

/** `companies [text]`: matched locally against the cached list (Pax8 has no name filter). */
export const companiesHandler: Handler<IntentOf<'companies'>> = {
  ack: (r) => (r.text ? `Looking for companies matching "${r.text.slice(0, 60)}"...` : 'Listing companies...'),
  async run(r, deps) {
    const all = await deps.resolver.companies(r.account);
    const several = deps.pax8.names.length > 1;
    const text = r.text;
    const score = text === null ? undefined : nameScorer(text);
    const matching =
      score === undefined
        ? [...all].sort((a, b) => a.name.localeCompare(b.name))
        : all
            .map((c) => ({ c, score: c.id === text ? 1 : score(c.name) }))
            .filter((s) => s.score >= 0.55)
            .sort((a, b) => b.score - a.score || a.c.name.localeCompare(b.c.name))
            .map((s) => s.c);
    const { items, paging } = pageOf(matching, r.page, deps.policy.pageSize, commandLine(w.companies, text === null ? null : arg(text), ...accountArgs(r)));
    return {
      kind: 'companyList',
      query: text,
      items: items.map((c) => ({ id: c.id, name: c.name, status: n(c.status), city: n(c.address?.city), country: n(c.address?.country), account: several ? c.account : null })),
      paging,
    };
  },
};

/** Which of Admin, Billing, Technical have no primary contact: a company needs all three to order (WIRE-NOTES rule 6). */
export function missingPrimaryContacts(contacts: readonly Contact[]): string[] {
  return contactTypes.filter((type) => !contacts.some((c) => (c.types ?? []).some((t) => t.type === type && t.primary === true)));
}

/** `company <name|id>`. */
export const companyHandler: Handler<IntentOf<'company'>> = {
  ack: () => 'Looking up the company...',
  async run(r, deps) {
    const resolved = await resolveCompany(r, r.company, deps, w.company, (id) => commandLine(w.company, id));
    if (!resolved.ok) return resolved.view;
    const pax8 = deps.pax8.get(resolved.value.account);
    const company = await pax8.companies.get(resolved.value.id);
    const contacts = await collect(pax8.contacts.list(company.id), { max: 500 });
    const a = company.address;
    const view: CompanyDetailView = {
      kind: 'companyDetail',
      company: {
        id: company.id,
        name: company.name,
        status: n(company.status),
        phone: n(company.phone),
        website: n(company.website),
        externalId: n(company.externalId),
        address: [a?.street, a?.street2, a?.city, a?.stateOrProvince, a?.postalCode, a?.country].filter((p): p is string => Boolean(p)),
        billOnBehalfOfEnabled: n(company.billOnBehalfOfEnabled),
        selfServiceAllowed: n(company.selfServiceAllowed),
        orderApprovalRequired: n(company.orderApprovalRequired),
        updatedDate: iso(company.updatedDate),
      },
      canOrder: company.status === 'Active',
      contactCount: contacts.length,
      missingPrimaryContacts: missingPrimaryContacts(contacts),
    };
    return view;
  },
};

/** `contacts <company>`. */
export const contactsHandler: Handler<IntentOf<'contacts'>> = {
  ack: () => 'Reading contacts...',
  async run(r, deps) {
    const resolved = await resolveCompany(r, r.company, deps, w.contacts, (id) => commandLine(w.contacts, id));
    if (!resolved.ok) return resolved.view;
    const company = resolved.value;
    const contacts = await collect(deps.pax8.get(company.account).contacts.list(company.id), { max: 2000 });
    const { items, paging } = pageOf(contacts, r.page, deps.policy.pageSize, commandLine(w.contacts, company.id));
    return {
      kind: 'contactList',
      company: { id: company.id, name: company.name },
      items: items.map((c) => ({
        id: c.id,
        name: [c.firstName, c.lastName].filter(Boolean).join(' ') || '(no name)',
        email: n(c.email),
        phone: n(c.phone),
        types: (c.types ?? []).map((t) => t.type),
        primaryFor: (c.types ?? []).filter((t) => t.primary === true).map((t) => t.type),
      })),
      paging,
    };
  },
};

