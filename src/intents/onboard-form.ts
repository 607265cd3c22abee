import type { DetailsFormView } from '../views/approval-views.ts';
import type { CompanyRef } from '../views/view-parts.ts';
import { wireIds } from '../wire-ids.ts';
import { arg, commandLine } from './view-helpers.ts';

/**
 * The onboarding form (`onboard [company]`): its fields, what they are prefilled with, and the
 * checks of what was typed that need no tenant read. The form is a `detailsForm` (Slack modal,
 * Teams Adaptive Card form) submitted with `submit_details`, which re-runs `onboard <company id>`
 * with every answer; the handler checks against the tenant what needs it (UPN taken, manager).
 * Without a linked tenant the same form asks whether a seat is free, takes the domain as typed, and
 * says what it cannot check.
 */

export const onboardFields = ['firstName', 'lastName', 'displayName', 'userName', 'usageLocation', 'licence', 'seatFree', 'startDate', 'manager', 'notes'] as const;
export type OnboardField = (typeof onboardFields)[number];
export type OnboardAnswers = Readonly<Record<OnboardField, string>>;

/** What the form offers, read from the tenant, Pax8 and the config. */
export interface OnboardFormFacts {
  readonly company: CompanyRef;
  /** Whether the company has a linked tenant: without one, nothing is checked against it. */
  readonly tenantLinked: boolean;
  /** The tenant's verified domains, the default first (none without a linked tenant). */
  readonly domains: readonly string[];
  /**
   * The tenant's SKUs that Pax8 sells the company, with the seats free in the tenant now; without a
   * linked tenant, the Microsoft licences of the company's Pax8 subscriptions (free: null, not known).
   */
  readonly licences: readonly { readonly name: string; readonly free: number | null }[];
  /** `onboarding.usageLocation` and `onboarding.upn` of the config. */
  readonly usageLocation: string;
  readonly upnPattern: string;
  /** Today (UTC), `YYYY-MM-DD`. */
  readonly today: string;
}

const labels: Readonly<Record<OnboardField, string>> = {
  firstName: 'First name',
  lastName: 'Last name',
  displayName: 'Display name',
  userName: 'User name',
  usageLocation: 'Usage location',
  licence: 'Licence',
  seatFree: 'Is a seat of this licence free in the tenant?',
  startDate: 'Start date',
  manager: 'Manager',
  notes: 'Notes',
};
const optionalFields: ReadonlySet<OnboardField> = new Set(['displayName', 'userName', 'startDate', 'manager', 'notes']);

/** The display name a new user gets unless the form says otherwise. */
export const displayNamePattern = '{first} {last}';

type FormField = DetailsFormView['fields'][number];

/** The answers a form is first shown with. */
function prefilledAnswers(facts: OnboardFormFacts): OnboardAnswers {
  return {
    firstName: '',
    lastName: '',
    displayName: displayNamePattern,
    userName: `${facts.upnPattern}@${facts.domains[0] ?? ''}`,
    usageLocation: facts.usageLocation,
    licence: facts.licences.find((l) => (l.free ?? 0) > 0)?.name ?? facts.licences[0]?.name ?? '',
    seatFree: '',
    startDate: '',
    manager: '',
    notes: '',
  };
}

const seatFreeAnswers = ['yes', 'no'] as const;

/**
 * The form: prefilled on first asking, else with what was typed and why each refused field was
 * refused. `extra` are further questions after the form's own (a new Pax8 order's provisioning details).
 */
export function onboardFormView(facts: OnboardFormFacts, typed: OnboardAnswers | null, problems: Partial<Record<OnboardField, string>>, extra: readonly FormField[] = []): DetailsFormView {
  const prefilled = typed ?? prefilledAnswers(facts);
  const linked = facts.tenantLinked;
  const free = linked
    ? facts.licences.map((l) => `${l.name}: ${(l.free ?? 0) > 0 ? `${l.free} free` : 'none free (one is bought at Pax8)'}`).join('; ')
    : 'Microsoft licences the company has at Pax8; no tenant is linked, so the bot cannot see which have a free seat';
  const descriptions: Readonly<Record<OnboardField, string>> = {
    firstName: '',
    lastName: '',
    displayName: `${displayNamePattern} is replaced by the names`,
    userName: linked
      ? `{first}, {last}, {f}, {l} are replaced by the names; domains of the tenant: ${facts.domains.join(', ')}`
      : '{first}, {last}, {f}, {l} are replaced by the names; add the domain after @. No tenant is linked: the bot cannot check that the tenant owns the domain or that the name is free',
    usageLocation: 'Two-letter country code (ISO 3166), e.g. US, GB',
    licence: free,
    seatFree: 'yes: the bot buys nothing; no: the approval buys one at Pax8',
    startDate: 'YYYY-MM-DD; empty: at once, once approved',
    manager: linked ? "The manager's user name in the tenant" : "The manager's user name (not checked: no tenant is linked)",
    notes: 'For the approver',
  };
  const possibleValues = (key: OnboardField): string[] => (key === 'licence' ? facts.licences.map((l) => l.name) : key === 'seatFree' ? [...seatFreeAnswers] : []);
  return {
    kind: 'detailsForm',
    company: facts.company,
    product: null,
    quantity: null,
    title: `New user at ${facts.company.name}`,
    subtitle: linked
      ? 'An account in its Microsoft 365 tenant with a licence; the request goes to an approver, and the temporary password comes to you privately.'
      : 'No Microsoft 365 tenant is linked: the bot buys the seat if none is free, once approved, and gives you a checklist of the rest to do by hand.',
    command: commandLine(wireIds.commands.onboard, arg(facts.company.id)),
    verb: wireIds.cardVerbs.submitDetails,
    fields: [
      ...fieldsOf(facts).map((key) => ({
        key,
        label: labels[key],
        description: descriptions[key] || null,
        valueType: null,
        possibleValues: possibleValues(key),
        appliesWhen: null,
        expected: '',
        value: prefilled[key],
        input: possibleValues(key).length > 0 ? ('choice' as const) : key === 'startDate' ? ('date' as const) : ('text' as const),
        problem: problems[key] ?? null,
        optional: optionalFields.has(key),
      })),
      ...extra,
    ],
  };
}

/** The form's own fields: "is a seat free?" only without a linked tenant. */
function fieldsOf(facts: OnboardFormFacts): OnboardField[] {
  return onboardFields.filter((key) => key !== 'seatFree' || !facts.tenantLinked);
}

/** The answers as submitted, each trimmed; a field not sent is empty. */
export function onboardAnswers(details: Readonly<Record<string, readonly string[]>>): OnboardAnswers {
  const one = (key: OnboardField) => (details[key] ?? []).join(' ').trim();
  return Object.fromEntries(onboardFields.map((key) => [key, one(key)])) as Record<OnboardField, string>;
}

/** `{first}`, `{last}`, `{f}`, `{l}` replaced; in a user name, as the part before @ allows (no accents, no spaces). */
export function fillPattern(pattern: string, first: string, last: string, forUserName: boolean): string {
  const clean = (s: string) => (forUserName ? s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9._-]/g, '') : s);
  return pattern.replace(/\{(first|last|f|l)\}/g, (_, k: string) => clean(k === 'first' ? first : k === 'last' ? last : (k === 'f' ? first : last).slice(0, 1)));
}

const regions = new Intl.DisplayNames(['en'], { type: 'region' });

/** An ISO 3166 two-letter country code Intl knows (not a reserved code such as ZZ or XX). */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  const name = regions.of(code);
  return name !== undefined && name !== code && name !== 'Unknown Region';
}

/** What the form's answers become once the checks that need no tenant read passed. */
export interface OnboardDraft {
  readonly firstName: string;
  readonly lastName: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly mailNickname: string;
  readonly usageLocation: string;
  readonly licence: string;
  /** Without a linked tenant, what the requester said; null with one (the bot reads it). */
  readonly seatFree: boolean | null;
  readonly startDate: string | null;
  readonly manager: string | null;
  readonly notes: string | null;
}

/**
 * The checks of the answers that need no tenant read: required fields, a user name whose domain the
 * tenant has verified, a known usage location, one of the licences offered, a start date today or
 * later. Refused fields get their message; the rest is the draft.
 */
export function checkOnboardAnswers(facts: OnboardFormFacts, a: OnboardAnswers): { ok: true; draft: OnboardDraft } | { ok: false; problems: Partial<Record<OnboardField, string>> } {
  const problems: Partial<Record<OnboardField, string>> = {};
  for (const key of fieldsOf(facts)) if (!optionalFields.has(key) && a[key] === '') problems[key] = `${labels[key]} is needed`;
  for (const key of ['firstName', 'lastName'] as const) if (a[key].length > 64) problems[key] = `${labels[key]} may have at most 64 characters`;
  const displayName = fillPattern(a.displayName || displayNamePattern, a.firstName, a.lastName, false).trim();
  if (displayName.length > 256) problems.displayName = 'Display name may have at most 256 characters';
  const upn = fillPattern(a.userName || `${facts.upnPattern}@${facts.domains[0] ?? ''}`, a.firstName, a.lastName, true).trim();
  const at = upn.lastIndexOf('@');
  const local = at > 0 ? upn.slice(0, at) : '';
  const domain = at > 0 ? upn.slice(at + 1).toLowerCase() : '';
  if (!/^[A-Za-z0-9'_-]+(\.[A-Za-z0-9'_-]+)*$/.test(local) || local.length > 64) {
    problems.userName ??= `"${upn.slice(0, 80)}" is not a user name: use name@domain, letters, digits, dots, - and _ before the @`;
  } else if (!facts.tenantLinked) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domain)) problems.userName = `"${domain.slice(0, 80)}" is not a domain: add the tenant's domain after @, e.g. contoso.com`;
  } else if (!facts.domains.some((d) => d.toLowerCase() === domain)) {
    problems.userName = `${domain.slice(0, 80)} is not a verified domain of this tenant: use ${facts.domains.join(', ')}`;
  }
  const seatFree = a.seatFree.toLowerCase();
  if (!facts.tenantLinked && seatFree !== '' && !(seatFreeAnswers as readonly string[]).includes(seatFree)) problems.seatFree = 'Answer yes or no';
  const usageLocation = a.usageLocation.toUpperCase();
  if (a.usageLocation !== '' && !isCountryCode(usageLocation)) problems.usageLocation = `"${a.usageLocation.slice(0, 20)}" is not a two-letter country code (ISO 3166), e.g. US, GB, DE`;
  if (a.licence !== '' && !facts.licences.some((l) => l.name === a.licence)) problems.licence = `Choose one of: ${facts.licences.map((l) => l.name).join(', ')}`;
  if (a.startDate !== '') {
    const day = new Date(`${a.startDate}T00:00:00Z`);
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(a.startDate) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(a.startDate);
    if (!valid) problems.startDate = `"${a.startDate.slice(0, 20)}" is not a date: use YYYY-MM-DD`;
    else if (a.startDate < facts.today) problems.startDate = `${a.startDate} is in the past: give today or a later day, or leave it empty`;
  }
  if (a.manager !== '' && !/^[^\s@]+@[^\s@]+$/.test(a.manager)) problems.manager = `"${a.manager.slice(0, 80)}" is not a user name (name@domain)`;
  if (a.notes.length > 500) problems.notes = 'Notes may have at most 500 characters';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    draft: {
      firstName: a.firstName,
      lastName: a.lastName,
      displayName,
      userPrincipalName: `${local}@${domain}`,
      mailNickname: local.replace(/'/g, ''),
      usageLocation,
      licence: a.licence,
      seatFree: facts.tenantLinked ? null : seatFree === 'yes',
      startDate: a.startDate || null,
      manager: a.manager || null,
      notes: a.notes || null,
    },
  };
}
