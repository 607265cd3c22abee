/**
 * Whether the MSP's app can work in one customer tenant: a token (consent), the reads the bot makes,
 * and the permissions its writes will need. `tenant <company> …` says it after linking and
 * `npx pax8-chatops check` says it per linked tenant, in the same words.
 */
import { EntraTokenError, GraphHttpError } from './errors.ts';
import type { GraphClient, MicrosoftClient } from './create-microsoft-client.ts';

/**
 * The application permissions the bot asks for (README "Microsoft 365 tenants"), each with the
 * broader ones Graph also accepts for the same calls (Graph's permission tables).
 */
export const requiredPermissions: readonly { readonly name: string; readonly alsoBy: readonly string[] }[] = [
  { name: 'Organization.Read.All', alsoBy: ['Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'] },
  { name: 'User.ReadWrite.All', alsoBy: ['Directory.ReadWrite.All'] },
  { name: 'LicenseAssignment.ReadWrite.All', alsoBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'] },
  { name: 'User.RevokeSessions.All', alsoBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'] },
];

/** What the app can do in a tenant. */
export type TenantAccess =
  | { readonly status: 'ok'; readonly tenantName: string | undefined; readonly message: string }
  | { readonly status: 'consent_missing'; readonly consentUrl: string; readonly message: string }
  | {
      readonly status: 'permission_missing';
      /** Reads Graph refused (`GET /subscribedSkus`). */
      readonly refused: readonly string[];
      /** Permissions the token does not carry. */
      readonly missing: readonly string[];
      readonly consentUrl: string;
      readonly message: string;
    }
  /** Anything else: a wrong or expired secret, an unknown tenant, Microsoft unreachable. */
  | { readonly status: 'failed'; readonly message: string };

type Graph = Pick<GraphClient, 'organization' | 'subscribedSkus' | 'users' | 'grantedPermissions'>;

/** The reads every Microsoft command makes, by the route Graph would name. */
const reads: readonly { readonly route: string; run(graph: Graph): Promise<unknown> }[] = [
  { route: 'GET /organization', run: (graph) => graph.organization() },
  { route: 'GET /subscribedSkus', run: (graph) => graph.subscribedSkus() },
  {
    route: 'GET /users',
    async run(graph) {
      for await (const user of graph.users.list({ top: 1, select: ['id'] })) return user;
      return undefined;
    },
  },
];

/** The required permissions that `granted` covers neither by name nor by a broader one. */
export function missingPermissions(granted: readonly string[]): string[] {
  const have = new Set(granted.map((g) => g.toLowerCase()));
  return requiredPermissions.filter((p) => ![p.name, ...p.alsoBy].some((name) => have.has(name.toLowerCase()))).map((p) => p.name);
}

/**
 * Gets a token for the tenant, makes the bot's reads and compares the token's permissions with
 * {@link requiredPermissions}. Never throws for an answer Microsoft gave; only a bug would.
 */
export async function checkTenantAccess(client: Pick<MicrosoftClient, 'forTenant' | 'adminConsentUrl'>, tenantId: string): Promise<TenantAccess> {
  const graph = client.forTenant(tenantId);
  const consentUrl = client.adminConsentUrl(tenantId);
  let tenantName: string | undefined;
  const refused: string[] = [];
  try {
    for (const read of reads) {
      try {
        const answer = await read.run(graph);
        if (read.route === 'GET /organization') tenantName = (answer as { displayName?: string | null }).displayName ?? undefined;
      } catch (error) {
        if (!(error instanceof GraphHttpError && error.reason === 'permission_denied')) throw error;
        refused.push(read.route);
      }
    }
    const granted = await graph.grantedPermissions();
    const missing = granted === undefined ? [] : missingPermissions(granted);
    if (refused.length > 0 || missing.length > 0) {
      const lacks = missing.length > 0 ? `the app lacks ${missing.join(', ')}` : 'the app lacks a permission';
      const them = missing.length > 1 ? 'them' : 'it';
      const said = refused.length > 0 ? ` (Graph refused ${refused.join(', ')})` : '';
      return {
        status: 'permission_missing',
        refused,
        missing,
        consentUrl,
        message: `${lacks}${said}: add ${them} to the app registration's API permissions, then an administrator of the tenant grants admin consent again at ${consentUrl}`,
      };
    }
    return { status: 'ok', tenantName, message: `token OK, licences and users readable${tenantName ? ` (${tenantName})` : ''}` };
  } catch (error) {
    if (error instanceof EntraTokenError && error.reason === 'not_consented') return { status: 'consent_missing', consentUrl: error.consentUrl ?? consentUrl, message: error.message };
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && (error.code.startsWith('graph_') || error.code === 'entra_token')) {
      return { status: 'failed', message: error.message };
    }
    throw error;
  }
}
