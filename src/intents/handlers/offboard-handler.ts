import { odataString, type GraphUser } from '../../microsoft/index.ts';
import type { Company } from '../../pax8/index.ts';
import { planLicences, type SeatChoice } from '../../approvals/kinds/offboard-plan.ts';
import type { OffboardFormView, View } from '../../views/index.ts';
import { mayRequest } from '../../approvals/approval-policy.ts';
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { linkedTenant, microsoftOf, tenantView, type ConfiguredMicrosoft } from '../linked-tenant.ts';
import { uuidLike } from '../create-resolver.ts';
import type { InAccount, IntentDeps } from '../ports.ts';
import { leaverSelect, readLeaver, type LeaverFacts } from '../read-leaver.ts';
import type { TenantLink } from '../tenant-links.ts';
import { accountArgs, arg, commandLine, errorView, pageOf } from '../view-helpers.ts';
import { companyAndText, licenceNamer, userRow } from './users-handlers.ts';
import { submitOffboarding } from './submit-offboarding.ts';

const w = wireIds.commands;
/** Most users a name search offers as rows. */
const maxCandidates = 50;

/** Who the text names: one user by sign-in name or id, else those whose name or sign-in name starts with it. */
async function findUsers(ms: ConfiguredMicrosoft, tenantId: string, text: string): Promise<GraphUser[]> {
  const graph = ms.graph(tenantId);
  if (text.includes('@') || uuidLike.test(text)) {
    const user = /\s/.test(text) ? undefined : await graph.users.find(text, { select: leaverSelect });
    return user ? [user] : [];
  }
  const found: GraphUser[] = [];
  for await (const user of graph.users.list({ select: leaverSelect, top: 100, filter: `startswith(displayName,${odataString(text)}) or startswith(userPrincipalName,${odataString(text)})` })) {
    found.push(user);
    if (found.length >= maxCandidates) break;
  }
  return found.sort((a, b) => (a.displayName ?? a.userPrincipalName ?? '').localeCompare(b.displayName ?? b.userPrincipalName ?? '') || a.id.localeCompare(b.id));
}

/**
 * `offboard [company] [user]`: finds the user in the company's tenant (the channel's company when
 * none is named); several matches come back as rows with an Offboard button; one opens the form
 * (`offboardForm`), whose answer comes back here and opens the approval request.
 */
export const offboardHandler: Handler<IntentOf<'offboard'>> = {
  ack: () => 'Reading the user and their licences from Microsoft 365 and Pax8...',
  async run(r, deps) {
    if (!mayRequest(deps.policy, r.actor.email)) return errorView('forbidden', 'You are not allowed to request offboarding; ask an admin to add you to the requesters.', null);
    const ms = microsoftOf(deps, w.offboard);
    if (!ms.ok) return ms.view;
    const target = await companyAndText(r, deps, w.offboard);
    if (!target.ok) return target.view;
    const { company, text } = target.value;
    if (text === null) return errorView('bad_input', `Say who leaves: ${commandLine(w.offboard, arg(company.name), '<name or sign-in name>')}. "${commandLine(w.users, arg(company.name))}" lists the users.`, w.offboard);
    if (text.length > 200) return errorView('bad_input', 'Name the user by at most 200 characters of their name or sign-in name.', w.offboard);
    const link = await linkedTenant(ms.value, company, w.offboard);
    if (!link.ok) return link.view;
    const users = await findUsers(ms.value, link.value.tenantId, text);
    const [only] = users;
    if (!only) return errorView('not_found', `${company.name} has no user whose name or sign-in name starts with "${text.slice(0, 60)}" in Microsoft 365.`, w.offboard);
    if (users.length > 1) return pickUser(r, deps, ms.value, company, link.value, text, users);
    const facts = await readLeaver(deps, ms.value, company, link.value.tenantId, only);
    const form = formView(r, deps, company, link.value, only, facts);
    if (r.answer === null) return form;
    if (!r.answer.blockSignIn && !r.answer.removeLicences) return { ...form, chosen: { ...form.chosen, ...r.answer, seats: form.chosen.seats }, problem: 'Choose at least one thing to do: block sign-in or remove the licences.' };
    return submitOffboarding(r, deps, ms.value, { company, link: link.value, user: only, facts, answer: r.answer });
  },
};

/** Several users match: rows with their licences and an Offboard button each (the first page). */
async function pickUser(r: IntentOf<'offboard'>, deps: IntentDeps, ms: ConfiguredMicrosoft, company: InAccount<Company>, link: TenantLink, text: string, users: readonly GraphUser[]): Promise<View> {
  const name = licenceNamer(await ms.graph(link.tenantId).subscribedSkus());
  const { items, paging } = pageOf(users, 1, Math.min(users.length, 25), commandLine(w.offboard, arg(company.id), arg(text), ...accountArgs(r)), users.length >= maxCandidates);
  return {
    kind: 'userList',
    company: { id: company.id, name: company.name },
    tenant: tenantView(link),
    filter: text,
    items: items.map((u) => userRow(u, name, (upn) => [{ verb: wireIds.cardVerbs.choose, label: 'Offboard', command: commandLine(w.offboard, arg(company.id), arg(upn), ...accountArgs(r)) }])),
    paging,
  };
}

/** The form, every seat that can go shown as released unless the answer kept it. */
function formView(r: IntentOf<'offboard'>, deps: IntentDeps, company: InAccount<Company>, link: TenantLink, user: GraphUser, facts: LeaverFacts): OffboardFormView {
  const licences = planLicences({ licences: facts.licences, removeLicences: true, seats: facts.seats, sources: facts.sources, choices: new Map() });
  const chosenSeats: Record<string, SeatChoice> = {};
  for (const l of licences) if (l.seat.action === 'release') chosenSeats[l.skuId.toLowerCase()] = r.answer?.seats[l.skuId.toLowerCase()] ?? 'release';
  const upn = user.userPrincipalName ?? user.id;
  return {
    kind: 'offboardForm',
    company: { id: company.id, name: company.name },
    tenant: tenantView(link),
    user: { id: user.id, upn, displayName: user.displayName ?? null, enabled: user.accountEnabled ?? null },
    blockAtOnce: deps.policy.onboarding?.blockSignInBeforeApproval === true,
    licences,
    currency: facts.currency,
    chosen: { blockSignIn: r.answer?.blockSignIn ?? true, removeLicences: r.answer?.removeLicences ?? true, seats: chosenSeats },
    command: commandLine(w.offboard, arg(company.id), arg(upn), ...accountArgs(r)),
    verb: wireIds.cardVerbs.submitOffboard,
    problem: null,
  };
}
