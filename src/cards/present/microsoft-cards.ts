/** Presenters of the Microsoft 365 views: a company's licences, a tenant's users, one user. */
import { largeSkuUnits, type LicenceListView, type LicenceRow, type TenantViewRef, type UnusedListView, type UnusedRow, type UserDetailView, type UserListView } from '../../views/index.ts';
import { count, day, seats, shortId, text } from '../../views/format.ts';
import type { DetailData } from './detail-cards.ts';
import { type ActionRowData, type RowData } from './list-cards.ts';
import { type ListData, listData, rowButtons } from './list-data.ts';

const join = (...parts: (string | null | undefined)[]): string =>
  parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' · ') || '—';

/** A licence row: what the tenant has, what Pax8 bills, and the sentence when they disagree. */
export interface LicenceRowData extends ActionRowData {
  tenantLine: string;
  pax8Line: string;
  note: string;
  hasNote: boolean;
}

export interface LicenceListData extends ListData<LicenceRowData> {
  footer: string;
  hasFooter: boolean;
}

/** `contoso.com (tenant 6f1c2d3e)`, or the id alone. */
export function tenantLabel(tenant: TenantViewRef): string {
  const named = tenant.name ?? tenant.domain;
  return named ? `${named} (tenant ${shortId(tenant.tenantId)})` : `tenant ${tenant.tenantId}`;
}

function tenantLine(line: LicenceRow): string {
  const t = line.tenant;
  if (!t) return 'Tenant: not shown yet';
  return `Tenant: ${join(
    `${count(t.enabled)} enabled`,
    `${count(t.consumed)} assigned`,
    `${count(t.free)} free`,
    t.warning > 0 ? `${count(t.warning)} in grace period (warning)` : null,
    t.suspended > 0 ? `${count(t.suspended)} suspended` : null,
    t.lockedOut > 0 ? `${count(t.lockedOut)} locked out` : null,
    t.status.toLowerCase() === 'enabled' ? null : `status ${t.status}`,
  )}`;
}

function pax8Line(line: LicenceRow): string {
  if (line.pax8.length === 0) return 'Bought elsewhere: no Pax8 subscription';
  const subs = line.pax8.map((s) =>
    join(s.productName, seats(s.quantity), s.billingTerm, s.commitmentEndDate ? `${text(s.commitmentTerm)} ends ${day(s.commitmentEndDate)}` : s.commitmentTerm, s.status === 'Active' ? null : s.status, `id ${shortId(s.id)}`),
  );
  const elsewhere = line.source === 'both' && line.tenant ? `; ${seats(line.tenant.elsewhere)} bought elsewhere` : '';
  return `Pax8: ${subs.join('; ')}${elsewhere}`;
}

export function licenceListData(view: LicenceListView): LicenceListData {
  const rows = view.items.map((line) => ({
    title: line.partNumber && line.partNumber !== line.name ? `${line.name} (${line.partNumber})` : line.name,
    detail: '',
    figure: line.tenant ? `${count(line.tenant.free)} free` : 'not in the tenant yet',
    tenantLine: tenantLine(line),
    pax8Line: pax8Line(line),
    note: line.mismatch ?? '',
    hasNote: line.mismatch !== null,
    ...rowButtons(line.actions),
  }));
  const notes = [
    view.unlinked.length > 0
      ? `Pax8 subscriptions tied to no Microsoft licence: ${view.unlinked.map((s) => `${s.productName} (${seats(s.quantity)})`).join(', ')}.`
      : null,
    view.elsewhereUnknown ? 'The tenant\'s subscriptions could not be read, so units bought elsewhere are counted with Pax8\'s.' : null,
  ].filter((n): n is string => n !== null);
  return {
    ...listData(`Licences of ${view.company.name}`, rows, view.paging, { noun: 'licences', emptyText: 'The tenant has no licences and Pax8 bills none.', subtitle: tenantLabel(view.tenant) }),
    footer: notes.join(' '),
    hasFooter: notes.length > 0,
  };
}

export function userListData(view: UserListView): ListData<ActionRowData> {
  const rows = view.items.map((u) => ({
    title: u.displayName ?? u.upn,
    detail: join(u.upn, u.enabled === false ? 'sign-in blocked' : u.enabled === true ? 'enabled' : null, u.licences.length > 0 ? u.licences.join(', ') : 'no licence'),
    figure: '',
    ...rowButtons(u.actions),
  }));
  const title = view.filter ? `Users of ${view.company.name} matching “${view.filter}”` : `Users of ${view.company.name}`;
  return listData(title, rows, view.paging, { noun: 'users', emptyText: view.filter ? 'No user\'s name or sign-in name starts with that.' : 'The tenant has no users.', subtitle: tenantLabel(view.tenant) });
}

const assignmentText = { direct: 'assigned directly', group: 'from a group (remove it through the group)', 'direct and group': 'directly and from a group' } as const;

export function userDetailData(view: UserDetailView): DetailData {
  const u = view.user;
  const licences: RowData[] = u.licences.map((l) => ({ title: l.name, detail: assignmentText[l.assignment], figure: '' }));
  return {
    title: u.displayName ?? u.upn,
    subtitle: join(u.upn, view.companies.length > 0 ? view.companies.map((c) => c.name).join(', ') : null, tenantLabel(view.tenant)),
    facts: [
      { title: 'Sign-in', value: u.enabled === false ? 'blocked' : u.enabled === true ? 'enabled' : '—' },
      { title: 'Company', value: view.companies.length > 0 ? view.companies.map((c) => c.name).join(', ') : 'no Pax8 company linked to this tenant' },
      { title: 'Usage location', value: u.usageLocation ?? 'not set (no licence can be assigned)' },
      ...[
        { title: 'Mail', value: text(u.mail) },
        { title: 'Job title', value: text(u.jobTitle) },
        { title: 'Department', value: text(u.department) },
      ].filter((f) => f.value !== '—'),
    ],
    alert: u.enabled === false ? 'Sign-in is blocked for this user.' : '',
    hasAlert: u.enabled === false,
    sections: [{ title: 'Licences', rows: licences, hasRows: licences.length > 0, emptyText: 'No licence.' }],
  };
}

/** A finding row: what was found, where the seats come from, and what its button would do. */
export interface UnusedRowData extends ActionRowData {
  line: string;
  source: string;
  note: string;
  hasNote: boolean;
}

export interface UnusedListData extends ListData<UnusedRowData> {
  footer: string;
  hasFooter: boolean;
}

const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/**
 * "at renewal on 2027-03-01" under a commitment (which holds its seats until the term ends, past its
 * first 7 days), else "now". The request's card says exactly when, from the commitment's rules.
 */
function reduceWhen(sub: UnusedRow['subscription']): string {
  return sub?.commitmentTerm && sub.commitmentEndDate ? `at renewal on ${day(sub.commitmentEndDate)} (now if its term began less than 7 days ago)` : 'now';
}

function unusedRow(row: UnusedRow): UnusedRowData {
  const buttons = rowButtons(row.actions);
  if (row.type === 'blocked' && row.user) {
    return {
      title: `${row.company.name} · ${row.user.displayName ?? row.user.upn}`,
      detail: '',
      figure: 'sign-in blocked',
      line: `${row.user.upn}: sign-in blocked, still holds ${row.user.licences.join(', ')}`,
      source: 'Offboarding removes the licences and frees the seats.',
      note: '',
      hasNote: false,
      ...buttons,
    };
  }
  const s = row.seats ?? { enabled: 0, consumed: 0, unused: 0, paid: 0, elsewhere: 0 };
  const licence = row.licence ? (row.licence.sku !== row.licence.name && row.licence.sku !== row.licence.skuId ? `${row.licence.name} (${row.licence.sku})` : row.licence.name) : '—';
  const sub = row.subscription;
  const note =
    row.type === 'elsewhere'
      ? "Bought outside Pax8: not Pax8's to reduce (change it where it was bought)."
      : row.reduceTo !== null
        ? `Reduce ${sub?.productName ?? 'the subscription'} to ${seats(row.reduceTo)} ${reduceWhen(sub)}; the ${count(s.consumed)} assigned stay.`
        : `Its subscription has one seat and it is unused: cancel it to stop paying for it.`;
  return {
    title: `${row.company.name} · ${licence}`,
    detail: '',
    figure: `${count(s.unused)} unused`,
    line: `Tenant: ${count(s.consumed)} of ${count(s.enabled)} assigned · ${plural(s.unused, 'seat', 'seats')} unused`,
    source:
      row.type === 'elsewhere'
        ? `Pax8 bills none of these seats (${plural(s.elsewhere, 'seat', 'seats')} bought elsewhere)`
        : `Pax8 bills ${seats(s.paid)}${sub ? ` (${join(sub.productName, sub.billingTerm, sub.commitmentEndDate ? `${text(sub.commitmentTerm)} ends ${day(sub.commitmentEndDate)}` : sub.commitmentTerm, `id ${shortId(sub.id)}`)})` : ''}${s.elsewhere > 0 ? `; ${seats(s.elsewhere)} bought elsewhere` : ''}`,
    note,
    hasNote: true,
    ...buttons,
  };
}

export function unusedListData(view: UnusedListView): UnusedListData {
  const k = view.skipped;
  const left = [
    k.trial > 0 ? plural(k.trial, 'trial', 'trials') : null,
    k.free > 0 ? plural(k.free, 'free licence', 'free licences') : null,
    k.large > 0 ? `${plural(k.large, 'licence', 'licences')} of ${count(largeSkuUnits)}+ units` : null,
  ].filter((p): p is string => p !== null);
  const notes = [
    view.more > 0 ? `${plural(view.more, 'more finding', 'more findings')} new or changed: type "unused" to see every finding.` : null,
    view.ignored > 0 ? `${plural(view.ignored, 'finding', 'findings')} ignored (on the ignore list).` : null,
    left.length > 0 ? `Not counted: ${left.join(', ')}.` : null,
    k.changing > 0 ? `${plural(k.changing, 'licence', 'licences')} left for later: Pax8 and the tenant disagree while a change reaches Microsoft.` : null,
    ...view.problems.map((p) => `Not read: ${p}`),
  ].filter((n): n is string => n !== null);
  const scope = view.company ? view.company.name : plural(view.companies, 'linked tenant', 'linked tenants');
  const title = view.digest ? 'Unused licences: new or changed since the last digest' : `Unused licences of ${view.company?.name ?? 'every linked tenant'}`;
  const emptyText = view.digest ? 'Nothing new or changed since the last digest.' : 'No unused licences: every seat paid for is assigned, and no blocked user holds a licence.';
  return {
    ...listData(title, view.items.map(unusedRow), view.paging, { noun: 'findings', emptyText, subtitle: scope }),
    footer: notes.join(' '),
    hasFooter: notes.length > 0,
  };
}
