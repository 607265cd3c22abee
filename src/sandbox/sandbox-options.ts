/** Options of `startSandbox`; every one has a default so `startSandbox()` just works. */
export interface SandboxOptions {
  host?: string;
  port?: number;
  seed?: number;
  companies?: number;
  latencyMs?: number;
  failRate?: number;
  rateLimit?: number;
  clientId?: string;
  clientSecret?: string;
  /**
   * Partner accounts served, 1..20: account 1 has `clientId`, account k the client id
   * `<clientId>-k`; all share `clientSecret`, each has its own companies and rate limit.
   */
  accounts?: number;
  now?: string;
  /** The MSP's Microsoft app the tenants consented (Entra token endpoint). */
  microsoftClientId?: string;
  microsoftClientSecret?: string;
  /** Sandbox seconds before a Pax8 purchase, seat change or cancellation shows in the tenant. */
  provisioningDelaySeconds?: number;
  /** Graph calls per 10 seconds per tenant before 429; 0 = unlimited. */
  graphRateLimit?: number;
  /** Sandbox seconds before licensing sees a changed `usageLocation` (Graph's replication). */
  usageLocationDelaySeconds?: number;
  /** Where to post Pax8 webhook events ('' = nowhere until `/__sandbox/webhooks` says). */
  webhookUrl?: string;
  /** The `Authorization` value sent with every event (Pax8's `CreateWebhook.authorization`). */
  webhookAuthorization?: string;
  /** Sandbox seconds between a change and its event (Pax8: up to 5 minutes). */
  webhookDelaySeconds?: number;
  /** Attempts per event before it is marked failed (Pax8's `errorThreshold`, at most 3 automatic attempts). */
  webhookErrorThreshold?: number;
}

export type ResolvedSandboxOptions = Required<Omit<SandboxOptions, 'now'>> & { nowMs: number };

export const sandboxDefaults = {
  host: '127.0.0.1',
  port: 4010,
  seed: 1,
  companies: 25,
  latencyMs: 0,
  failRate: 0,
  rateLimit: 1000,
  clientId: 'sandbox',
  clientSecret: 'sandbox',
  accounts: 1,
  microsoftClientId: 'sandbox',
  microsoftClientSecret: 'sandbox',
  provisioningDelaySeconds: 5,
  graphRateLimit: 1000,
  usageLocationDelaySeconds: 0,
  webhookUrl: '',
  webhookAuthorization: '',
  webhookDelaySeconds: 5,
  webhookErrorThreshold: 3,
} as const;

/** Most partner accounts one sandbox serves. */
export const MAX_ACCOUNTS = 20;

/** Fills defaults and checks ranges; `now` defaults to the current time. */
export function resolveSandboxOptions(options: SandboxOptions, currentMs: number): ResolvedSandboxOptions {
  const nowMs = options.now === undefined ? currentMs : Date.parse(options.now);
  if (Number.isNaN(nowMs)) throw new RangeError(`now is not an ISO time: ${options.now ?? ''}`);
  const resolved = { ...sandboxDefaults, ...stripUndefined(options), nowMs };
  if (!Number.isInteger(resolved.companies) || resolved.companies < 0) throw new RangeError('companies must be a whole number >= 0');
  if (!Number.isInteger(resolved.accounts) || resolved.accounts < 1 || resolved.accounts > MAX_ACCOUNTS) throw new RangeError(`accounts must be a whole number from 1 to ${MAX_ACCOUNTS}`);
  if (resolved.failRate < 0 || resolved.failRate > 1) throw new RangeError('failRate must be between 0 and 1');
  if (resolved.webhookUrl !== '' && resolved.webhookAuthorization === '') throw new RangeError('webhookAuthorization is needed with webhookUrl (Pax8 sends the value the partner chose)');
  if (!Number.isInteger(resolved.webhookErrorThreshold) || resolved.webhookErrorThreshold < 1 || resolved.webhookErrorThreshold > 20) throw new RangeError('webhookErrorThreshold must be a whole number from 1 to 20');
  for (const key of ['provisioningDelaySeconds', 'graphRateLimit', 'usageLocationDelaySeconds', 'webhookDelaySeconds'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 0) throw new RangeError(`${key} must be a number >= 0`);
  }
  return resolved;
}

function stripUndefined(options: SandboxOptions): Partial<Omit<SandboxOptions, 'now'>> {
  const { now: _now, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

/** The client id of account `k` (1-based): `clientId` for the first, `<clientId>-k` for the others. */
export function accountClientId(clientId: string, k: number): string {
  return k === 1 ? clientId : `${clientId}-${k}`;
}

/** Currencies of the partner accounts in turn: account 1 bills in USD, account 2 in CAD, account 3 in GBP, … */
export const accountCurrencies = ['USD', 'CAD', 'GBP', 'EUR', 'AUD'] as const;

/** The currency account `k` (1-based) is billed in: Pax8 bills each partner in one currency. */
export function accountCurrency(k: number): string {
  return accountCurrencies[(k - 1) % accountCurrencies.length] ?? 'USD';
}
