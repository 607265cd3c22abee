import { odataString, skuDisplayName, type GraphUser, type SubscribedSku } from '../../microsoft/index.ts';
import type { Company } from '../../pax8/index.ts';
import type { UserDetailView, UserListView } from '../../views/microsoft-views.ts';

type UserListRow = UserListView['items'][number];
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { linkedTenant, microsoftOf, tenantView } from '../linked-tenant.ts';
import type { InAccount, IntentDeps } from '../ports.ts';
import { companyDescriber, fromMatch, mappedCompany, resolveCompany, type Resolved } from '../resolve-company.ts';
import { commandAction } from '../row-actions.ts';
import { accountArgs, arg, commandLine, errorView, pageOf } from '../view-helpers.ts';

const w = wireIds.commands;
/** Most users read for one `users` answer; past it the total shows as "N+". */
export const maxUsersRead = 5000;
/** Longest text `users` matches names by. */
const maxFilterLength = 100;
const listSelect = ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'assignedLicenses'];
const detailSelect = [...listSelect, 'mail', 'jobTitle', 'department', 'usageLocation', 'licenseAssignmentStates'];

/**
 * `users <company> [text]` (and `offboard [company] [user]`): the first word is the company when it
 * names one; in a mapped channel, words that name no company are all the text.
 */
export async function companyAndText(
  r: IntentOf<'users' | 'offboard'>,
  deps: IntentDeps,
  word: typeof w.users | typeof w.offboard = w.users,
): Promise<Resolved<{ company: InAccount<Company>; text: string | null }>> {
  const [first, ...rest] = r.names;
  const join = (words: readonly string[]) => (words.length > 0 ? words.join(' ') : null);
  if (first === undefined) {
    const mapped = await resolveCompany(r, null, deps, word, (id) => commandLine(word, arg(id)));
    return mapped.ok ? { ok: true, value: { company: mapped.value, text: null } } : mapped;
  }
  const match = await deps.resolver.company(first, r.account);
  if (match.kind !== 'match') {
    const mapped = await mappedCompany(r, deps);
    if (mapped) return { ok: true, value: { company: mapped, text: join(r.names) } };
  }
  const resolved = fromMatch('company', first, match, companyDescriber(deps), (id) => commandLine(word, arg(id), ...rest.map(arg), ...accountArgs(r)));
  return resolved.ok ? { ok: true, value: { company: resolved.value, text: join(rest) } } : resolved;
}

/** Licence names by `skuId`, from the tenant's SKUs (part numbers) and the shipped table. */
/** One row of a `userList` view: the user, their licences by name, and the buttons `actions` gives for their UPN. */
export function userRow(u: GraphUser, name: (skuId: string) => string, actions: (upn: string) => UserListRow['actions']): UserListRow {
  const upn = u.userPrincipalName ?? u.id;
  return {
    id: u.id,
    upn,
    displayName: u.displayName ?? null,
    enabled: u.accountEnabled ?? null,
    licences: (u.assignedLicenses ?? []).map((l) => name(l.skuId)),
    actions: actions(upn),
  };
}

export function licenceNamer(skus: readonly SubscribedSku[]): (skuId: string) => string {
  const parts = new Map(skus.map((s) => [s.skuId.toLowerCase(), s.skuPartNumber]));
  return (skuId) => skuDisplayName({ skuId, skuPartNumber: parts.get(skuId.toLowerCase()) });
}

/** `users <company> [text]`: the tenant's users, sorted by name, every Graph page read up to {@link maxUsersRead}. */
export const usersHandler: Handler<IntentOf<'users'>> = {
  ack: () => 'Reading the users from Microsoft 365...',
  async run(r, deps) {
    const ms = microsoftOf(deps, w.users);
    if (!ms.ok) return ms.view;
    const target = await companyAndText(r, deps);
    if (!target.ok) return target.view;
    const { company, text } = target.value;
    if (text !== null && text.length > maxFilterLength) return errorView('bad_input', `Match by at most ${maxFilterLength} characters of a name or sign-in name.`, w.users);
    const link = await linkedTenant(ms.value, company, w.users);
    if (!link.ok) return link.view;
    const graph = ms.value.graph(link.value.tenantId);
    const filter = text === null ? undefined : `startswith(displayName,${odataString(text)}) or startswith(userPrincipalName,${odataString(text)})`;
    const users: GraphUser[] = [];
    const [skus] = await Promise.all([
      graph.subscribedSkus(),
      (async () => {
        for await (const user of graph.users.list({ select: listSelect, top: 999, ...(filter ? { filter } : {}) })) {
          users.push(user);
          if (users.length >= maxUsersRead) break;
        }
      })(),
    ]);
    const name = licenceNamer(skus);
    users.sort((a, b) => (a.displayName ?? a.userPrincipalName ?? '').localeCompare(b.displayName ?? b.userPrincipalName ?? '') || a.id.localeCompare(b.id));
    const command = commandLine(w.users, arg(company.id), ...(text === null ? [] : [arg(text)]), ...accountArgs(r));
    const { items, paging } = pageOf(users, r.page, deps.policy.pageSize, command, users.length >= maxUsersRead);
    return {
      kind: 'userList',
      company: { id: company.id, name: company.name },
      tenant: tenantView(link.value),
      filter: text,
      items: items.map((u) => userRow(u, name, (upn) => [commandAction('Details', w.user, upn, r)])),
      paging,
    };
  },
};

/** The linked companies as Pax8 names them (a config entry may name a company by its id). */
async function namedCompanies(deps: IntentDeps, linked: readonly { readonly companyId: string | undefined; readonly companyName: string }[]): Promise<{ id: string | null; name: string }[]> {
  return Promise.all(
    linked.map(async (c) => {
      const match = await deps.resolver.company(c.companyId ?? c.companyName);
      return match.kind === 'match' ? { id: match.item.id, name: match.item.name } : { id: c.companyId ?? null, name: c.companyName };
    }),
  );
}

/** How the user holds a licence: directly, through a group, or both (`licenseAssignmentStates`). */
export function assignmentOf(user: GraphUser, skuId: string): UserDetailView['user']['licences'][number]['assignment'] {
  const states = (user.licenseAssignmentStates ?? []).filter((s) => s.skuId?.toLowerCase() === skuId.toLowerCase());
  const direct = states.length === 0 || states.some((s) => !s.assignedByGroup);
  const group = states.some((s) => Boolean(s.assignedByGroup));
  return direct && group ? 'direct and group' : group ? 'group' : 'direct';
}

/**
 * `user <upn>`: the tenant from the UPN's domain, among linked tenants only; the companies linked
 * to it; the user's sign-in, usage location and licences, each direct or from a group.
 */
export const userHandler: Handler<IntentOf<'user'>> = {
  ack: () => 'Looking the user up in Microsoft 365...',
  async run(r, deps) {
    const ms = microsoftOf(deps, w.user);
    if (!ms.ok) return ms.view;
    const domain = r.upn.slice(r.upn.lastIndexOf('@') + 1).toLowerCase();
    const tenantId = await ms.value.links.tenantIdOf(domain);
    if (!tenantId) return errorView('not_found', `Microsoft knows no tenant with the domain ${domain}: check the sign-in name.`, w.user);
    const companies = await namedCompanies(deps, await ms.value.links.companiesOf(tenantId));
    if (companies.length === 0) {
      return errorView('refused', `No Pax8 company is linked to the tenant of ${domain} (${tenantId}). An admin links it with: ${commandLine(w.tenant, '<company>', domain)}.`, w.user);
    }
    const graph = ms.value.graph(tenantId);
    const names = companies.map((c) => c.name).join(', ');
    const user = await graph.users.find(r.upn, { select: detailSelect });
    if (!user) return errorView('not_found', `${names} has no user ${r.upn} in Microsoft 365.`, w.user);
    const [details, skus] = await Promise.all([graph.users.licenseDetails(user.id), graph.subscribedSkus()]);
    const name = licenceNamer(skus);
    return {
      kind: 'userDetail',
      user: {
        id: user.id,
        upn: user.userPrincipalName ?? r.upn,
        displayName: user.displayName ?? null,
        mail: user.mail ?? null,
        jobTitle: user.jobTitle ?? null,
        department: user.department ?? null,
        enabled: user.accountEnabled ?? null,
        usageLocation: user.usageLocation ?? null,
        licences: details.map((d) => ({ skuId: d.skuId, name: d.skuPartNumber ? skuDisplayName({ skuId: d.skuId, skuPartNumber: d.skuPartNumber }) : name(d.skuId), assignment: assignmentOf(user, d.skuId) })),
      },
      tenant: tenantView({ tenantId, domain }),
      companies,
    };
  },
};
