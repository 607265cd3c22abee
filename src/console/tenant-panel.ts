import { z } from 'zod';
import type { MicrosoftSide } from '../intents/ports.ts';
import { skuDisplayName } from '../microsoft/sku-names.ts';
import { parseTenantRef } from '../microsoft/tenant-ref.ts';

const tenantsSchema = z.object({
  tenants: z.array(z.object({ tenantId: z.string(), displayName: z.string(), defaultDomain: z.string(), companyId: z.string(), consented: z.boolean() })),
});

/** A seeded tenant as the panel's list names it. */
export interface TenantChoice {
  readonly tenantId: string;
  readonly company: string;
  readonly domain: string;
  readonly consented: boolean;
}

/** One tenant as the panel shows it: its licences with free seats, and its first users. */
export interface TenantPicture {
  readonly tenantId: string;
  readonly licences: readonly { readonly name: string; readonly enabled: number; readonly consumed: number; readonly free: number; readonly suspended: number; readonly warning: number }[];
  readonly users: readonly { readonly name: string; readonly upn: string; readonly enabled: boolean; readonly licences: number }[];
  /** Users read (at most `userLimit`; `moreUsers` when the tenant has more). */
  readonly moreUsers: boolean;
  /** Why the tenant could not be read (the app not consented there, say), in the words the bot uses. */
  readonly problem: string | undefined;
}

/** Users the panel lists; `users <company>` in chat pages through all of them. */
const userLimit = 15;

/** The console's "Microsoft 365" panel: the sandbox's tenants, and one tenant's licences and users read through the bot's own Graph client. */
export interface TenantPanel {
  tenants(): Promise<readonly TenantChoice[]>;
  tenant(tenantId: string): Promise<TenantPicture>;
}

/**
 * Reads the tenant list from the sandbox's admin API and a tenant through the bot's Microsoft side
 * (the same client and token cache the commands use), so what the panel shows is what `licenses`
 * and `users` see. Undefined when the bot does not reach Microsoft 365 or no sandbox runs.
 */
export function createTenantPanel(options: { readonly sandboxUrl: string | undefined; readonly microsoft: MicrosoftSide | undefined }): TenantPanel | undefined {
  const { sandboxUrl, microsoft } = options;
  if (!sandboxUrl || !microsoft?.configured) return undefined;
  return {
    async tenants() {
      const response = await fetch(`${sandboxUrl}/__sandbox/microsoft/tenants`);
      if (!response.ok) throw new Error(`sandbox microsoft/tenants: HTTP ${response.status}`);
      const { tenants } = tenantsSchema.parse(await response.json());
      return tenants.map((t) => ({ tenantId: t.tenantId, company: t.displayName, domain: t.defaultDomain, consented: t.consented })).sort((a, b) => a.company.localeCompare(b.company));
    },
    async tenant(tenantId) {
      const ref = parseTenantRef(tenantId);
      if (ref?.kind !== 'id') throw new Error('expected a tenant id');
      const graph = microsoft.graph(ref.tenantId);
      try {
        const skus = await graph.subscribedSkus();
        const users: TenantPicture['users'][number][] = [];
        let moreUsers = false;
        for await (const u of graph.users.list({ select: ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'assignedLicenses'], top: userLimit + 1 })) {
          if (users.length === userLimit) {
            moreUsers = true;
            break;
          }
          users.push({ name: u.displayName ?? u.userPrincipalName ?? u.id, upn: u.userPrincipalName ?? '', enabled: u.accountEnabled !== false, licences: u.assignedLicenses?.length ?? 0 });
        }
        const licences = skus
          .map((s) => ({ name: skuDisplayName(s), enabled: s.prepaidUnits.enabled, consumed: s.consumedUnits, free: s.prepaidUnits.enabled - s.consumedUnits, suspended: s.prepaidUnits.suspended, warning: s.prepaidUnits.warning }))
          .sort((a, b) => a.name.localeCompare(b.name));
        return { tenantId: ref.tenantId, licences, users, moreUsers, problem: undefined };
      } catch (error) {
        return { tenantId: ref.tenantId, licences: [], users: [], moreUsers: false, problem: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
