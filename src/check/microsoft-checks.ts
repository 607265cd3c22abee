import { checkTenantAccess, type MicrosoftClient } from '../microsoft/index.ts';
import { parseTenantRef } from '../microsoft/tenant-ref.ts';
import type { ConfiguredTenantLink } from '../intents/microsoft-side.ts';
import type { StoredTenantLink } from '../intents/tenant-links.ts';
import { type Check, CheckWarning } from './run-checks.ts';

/** A linked tenant as `check` lists it: whose it is, and how it was named. */
interface LinkToCheck {
  readonly company: string;
  readonly tenant: string;
  readonly source: 'chat' | 'config';
}

/**
 * The tenants to check: every link set in chat, and every config entry for a company chat did not
 * link again (the chat link wins, as it does for commands).
 */
export function linksToCheck(stored: readonly StoredTenantLink[], configured: readonly ConfiguredTenantLink[]): LinkToCheck[] {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const fromChat = stored.map((l) => ({ company: l.companyName ?? l.companyId, tenant: l.tenantId, source: 'chat' as const }));
  const fromConfig = configured
    .filter((e) => !stored.some((l) => l.companyId === e.company || same(l.companyName ?? '', e.company)))
    .map((e) => ({ company: e.company, tenant: e.tenant, source: 'config' as const }));
  return [...fromChat, ...fromConfig];
}

/**
 * One check per linked tenant (`npx pax8-chatops check`): token OK, consent missing (with the admin
 * consent URL) or permission missing (which call was refused, which permission the token lacks).
 * A tenant that has not consented or lacks a permission is a warning, so one customer does not
 * fail the whole run; a domain Microsoft does not know, a refused secret or an unreachable
 * Microsoft is a failure.
 */
export function microsoftTenantChecks(client: Pick<MicrosoftClient, 'forTenant' | 'adminConsentUrl' | 'resolveTenantId'>, links: readonly LinkToCheck[]): Check[] {
  return links.map((link) => ({
    name: `Microsoft 365 ${link.company}`,
    async run() {
      const ref = parseTenantRef(link.tenant);
      if (!ref) throw new Error(`${link.tenant} is neither a tenant id nor a domain; fix microsoft.tenants in the config file`);
      const tenantId = ref.kind === 'id' ? ref.tenantId : await client.resolveTenantId(ref.domain);
      if (!tenantId) throw new Error(`Microsoft knows no tenant with the domain ${link.tenant}; fix the ${link.source === 'chat' ? 'link with "tenant" in chat' : 'entry in microsoft.tenants'}`);
      const access = await checkTenantAccess(client, tenantId);
      const where = `tenant ${tenantId}${ref.kind === 'domain' ? ` (${ref.domain})` : ''}`;
      switch (access.status) {
        case 'ok':
          return `${where}: ${access.message}`;
        case 'consent_missing':
          throw new CheckWarning(`${where}: consent missing, an administrator of the tenant grants it at ${access.consentUrl}`);
        case 'permission_missing':
          throw new CheckWarning(`${where}: permission missing, ${access.message}`);
        case 'failed':
          throw new Error(`${where}: ${access.message}`);
      }
    },
  }));
}
