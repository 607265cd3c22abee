import { z } from 'zod';
import type { AppConfig } from './config.ts';
import type { CallObserver } from './http/call-observer.ts';
import { type ConfiguredTenantLink, createMicrosoftSide, microsoftNotConfigured } from './intents/microsoft-side.ts';
import type { ProductCatalogue } from './intents/pax8-sku-links.ts';
import type { MicrosoftSide, Pax8Accounts } from './intents/ports.ts';
import type { Logger } from './log.ts';
import { createMicrosoftClient, type MicrosoftClient } from './microsoft/index.ts';
import type { Sandbox } from './sandbox/index.ts';
import type { Store } from './store/index.ts';
import type { Clock } from './util/clock.ts';
import { Secret } from './util/secret.ts';

const seededTenantsSchema = z.object({ tenants: z.array(z.object({ tenantId: z.string(), companyId: z.string(), account: z.string(), seeded: z.boolean().optional() })) });

/**
 * The sandbox's seeded tenants as config links (company id → tenant id), so `licenses` works on the
 * demo data with nothing configured. Only account 1's: the in-process sandbox serves one account.
 */
async function seededLinks(sandbox: Sandbox): Promise<ConfiguredTenantLink[]> {
  const url = `${sandbox.url}/__sandbox/microsoft/tenants`;
  // A keep-alive socket left from an earlier read may have been closed by the sandbox while the store
  // started; a read is safe to send again once, on a fresh connection.
  const response = await fetch(url).catch(() => fetch(url));
  if (!response.ok) throw new Error(`the sandbox did not list its Microsoft tenants: HTTP ${response.status}`);
  const { tenants } = seededTenantsSchema.parse(await response.json());
  return tenants.filter((t) => t.account === sandbox.clientId).map((t) => ({ company: t.companyId, tenant: t.tenantId }));
}

/** The intent layer's read-only side, and the client itself for the approvals engine's steps (writes happen only there). */
export interface ChosenMicrosoft {
  readonly side: MicrosoftSide;
  readonly client: MicrosoftClient | undefined;
}

/**
 * Which Microsoft 365 the bot reaches, and says so: with `MICROSOFT_CLIENT_ID` the real customer
 * tenants through the MSP's app; with nothing configured (the sandbox runs in-process) the sandbox's
 * tenants, each seeded one linked to its company; with Pax8 credentials but no Microsoft ones,
 * none — the Microsoft commands then answer what to set.
 */
export async function chooseMicrosoft(
  config: AppConfig,
  parts: {
    readonly sandbox: Sandbox | undefined;
    readonly store: Pick<Store, 'companyTenants'>;
    readonly pax8: Pax8Accounts;
    readonly clock: Clock;
    readonly log: Logger;
    readonly products?: ProductCatalogue | undefined;
    /** Told about every Entra and Graph call attempt, for `/metrics`. */
    readonly onCall?: CallObserver | undefined;
  },
): Promise<ChosenMicrosoft> {
  const { sandbox, log } = parts;
  const deps = { log, ...(parts.onCall ? { onCall: parts.onCall } : {}) };
  const { clientId, clientSecret, loginUrl, graphBaseUrl } = config.microsoft;
  if (clientId && clientSecret) {
    const client = createMicrosoftClient({ clientId, clientSecret, loginUrl, graphBaseUrl }, deps);
    log.info(`Microsoft 365: app ${clientId} at ${graphBaseUrl}; ${config.tenantLinks.length} tenant links in the config file, more set in chat with "tenant"`);
    return { side: createMicrosoftSide({ client, store: parts.store, configured: config.tenantLinks, pax8: parts.pax8, clock: parts.clock, products: parts.products }), client };
  }
  if (sandbox) {
    const app = sandbox.microsoft;
    const client = createMicrosoftClient({ clientId: app.clientId, clientSecret: new Secret(app.clientSecret), loginUrl: app.loginUrl, graphBaseUrl: app.graphBaseUrl }, deps);
    const seeded = await seededLinks(sandbox);
    log.info(`Microsoft 365: no credentials set, the built-in sandbox plays the customers' tenants at ${app.graphBaseUrl} (${seeded.length} seeded tenants linked to their companies)`);
    return { side: createMicrosoftSide({ client, store: parts.store, configured: [...config.tenantLinks, ...seeded], pax8: parts.pax8, clock: parts.clock, products: parts.products }), client };
  }
  log.info('Microsoft 365: not configured (set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET to read customer tenants)');
  return { side: microsoftNotConfigured({ pax8: parts.pax8, clock: parts.clock, products: parts.products }), client: undefined };
}
