/**
 * What every Microsoft 365 command needs first: the Microsoft side configured, and the company's
 * linked tenant. Each answers, when missing, with what to do about it.
 */
import type { TenantViewRef } from '../views/microsoft-views.ts';
import { wireIds } from '../wire-ids.ts';
import type { LinkedCompany, TenantLink } from './tenant-links.ts';
import { UnknownTenantDomainError } from './tenant-links.ts';
import type { IntentDeps, MicrosoftSide } from './ports.ts';
import type { Resolved } from './resolve-company.ts';
import { arg, commandLine, errorView } from './view-helpers.ts';

/** The Microsoft side when the bot has the app registration. */
export type ConfiguredMicrosoft = Extract<MicrosoftSide, { configured: true }>;

/** The Microsoft side, or the answer saying which settings are missing. */
export function microsoftOf(deps: Pick<IntentDeps, 'microsoft'>, command: string): Resolved<ConfiguredMicrosoft> {
  return deps.microsoft.configured ? { ok: true, value: deps.microsoft } : { ok: false, view: errorView('refused', deps.microsoft.hint, command) };
}

/**
 * The company's tenant, or how to link it: an admin's `tenant <company> <tenant-id|domain>` in chat,
 * or `microsoft.tenants` in the config file.
 */
export async function linkedTenant(ms: ConfiguredMicrosoft, company: LinkedCompany, command: string): Promise<Resolved<TenantLink>> {
  const link = await tenantLinkOf(ms, company);
  if (!link.ok || link.value) return link as Resolved<TenantLink>;
  return {
    ok: false,
    view: errorView(
      'refused',
      `${company.name} has no Microsoft 365 tenant linked yet. An admin links it with: ${commandLine(wireIds.commands.tenant, arg(company.name), '<tenant-id|domain>')} (e.g. its .onmicrosoft.com domain), or under microsoft.tenants in the config file.`,
      command,
    ),
  };
}

/**
 * The company's tenant, or null when none is linked (onboarding then works without one); a link in
 * the config file to a domain Microsoft does not know answers how to fix it.
 */
export async function tenantLinkOf(ms: ConfiguredMicrosoft, company: LinkedCompany): Promise<Resolved<TenantLink | null>> {
  try {
    return { ok: true, value: (await ms.links.find(company)) ?? null };
  } catch (error) {
    if (!(error instanceof UnknownTenantDomainError)) throw error;
    return {
      ok: false,
      view: errorView(
        'refused',
        `The config file links ${company.name} to the domain ${error.domain}, which Microsoft knows no tenant by. An admin fixes microsoft.tenants in the config file, or links it in chat: ${commandLine(wireIds.commands.tenant, arg(company.name), '<tenant-id|domain>')}.`,
      ),
    };
  }
}

/** A link as views show it. */
export function tenantView(link: Pick<TenantLink, 'tenantId' | 'domain'>, name: string | null = null): TenantViewRef {
  return { tenantId: link.tenantId, domain: link.domain ?? null, name };
}
