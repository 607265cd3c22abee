import { mayAdminister } from '../../approvals/approval-policy.ts';
import { parseTenantRef, tenantRefHint, type TenantAccess } from '../../microsoft/index.ts';
import type { NoticeView } from '../../views/message-views.ts';
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { microsoftOf } from '../linked-tenant.ts';
import { resolveCompany } from '../resolve-company.ts';
import { accountArgs, arg, commandLine, errorView } from '../view-helpers.ts';

const w = wireIds.commands;

/** What the link is worth: the access check said as the notice's tone and sentence. */
function accessNotice(access: TenantAccess): Pick<NoticeView, 'tone'> & { said: string } {
  switch (access.status) {
    case 'ok':
      return { tone: 'success', said: `The bot's app works there: ${access.message}.` };
    case 'consent_missing':
      return { tone: 'warning', said: `Consent missing: an administrator of that tenant must grant the app admin consent at ${access.consentUrl} before the bot can read it.` };
    case 'permission_missing':
      return { tone: 'warning', said: `Permission missing: ${access.message}.` };
    case 'failed':
      return { tone: 'warning', said: `The bot could not check it: ${access.message}.` };
  }
}

/**
 * `tenant <company> <tenant-id|domain>` (admins): links a Pax8 company to its Microsoft 365 tenant,
 * a domain turned into the tenant id through its OpenID configuration (an unknown one changes
 * nothing), then says whether the app works there: OK, consent missing (with the URL), or which
 * permission is missing.
 */
export const tenantHandler: Handler<IntentOf<'tenant'>> = {
  ack: () => 'Linking the tenant...',
  async run(r, deps) {
    if (!mayAdminister(deps.policy, r.actor.email)) return errorView('forbidden', 'Only admins can link a company to a Microsoft 365 tenant.', w.tenant);
    const ms = microsoftOf(deps, w.tenant);
    if (!ms.ok) return ms.view;
    const ref = parseTenantRef(r.tenant);
    if (!ref) return errorView('bad_input', `Give ${tenantRefHint}.`, w.tenant);
    const resolved = await resolveCompany(r, r.company, deps, w.tenant, (id) => commandLine(w.tenant, arg(id), r.tenant, ...accountArgs(r)));
    if (!resolved.ok) return resolved.view;
    const company = resolved.value;
    const typed = ref.kind === 'id' ? ref.tenantId : ref.domain;
    // An id is looked up too: it confirms the tenant exists before anything is saved.
    const tenantId = await ms.value.links.tenantIdOf(typed);
    if (!tenantId) {
      const what = ref.kind === 'id' ? `no tenant with the id ${typed}` : `no tenant with the domain ${typed}`;
      return errorView('bad_input', `Microsoft knows ${what}; nothing was linked. Check it, or give the tenant id (Microsoft Entra admin center → Overview → Tenant ID).`, w.tenant);
    }
    const before = await ms.value.links.find(company).catch(() => undefined);
    await ms.value.links.set(company, { tenantId, domain: ref.kind === 'domain' ? ref.domain : undefined }, r.actor.email ?? r.actor.userId, deps.clock.now());
    const access = await ms.value.access(tenantId);
    const { tone, said } = accessNotice(access);
    const as = ref.kind === 'domain' ? ` (${ref.domain})` : '';
    const replaces = before && before.tenantId !== tenantId ? ` It replaces tenant ${before.tenantId}${before.source === 'config' ? ' from the config file' : ''}.` : '';
    return { kind: 'notice', tone, title: `${company.name} is linked to its Microsoft 365 tenant`, message: `${company.name} is now linked to tenant ${tenantId}${as}.${replaces} ${said}` };
  },
};
