import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaults } from './faults.ts';
import { createMicrosoftState, seedConsentExceptions, syncTenants } from './m365/microsoft-state.ts';
import { handleRequest } from './http/handle-request.ts';
import { createRouter } from './http/router.ts';
import { createPrng, hashSeed } from './prng.ts';
import { createRateLimiter } from './rate-limit.ts';
import { partnerRoutes } from './routes/partner-routes.ts';
import { createSandboxClock, type SandboxClock } from './sandbox-clock.ts';
import { accountClientId, accountCurrency, resolveSandboxOptions, type SandboxOptions } from './sandbox-options.ts';
import type { SandboxAccount, SandboxRuntime } from './sandbox-runtime.ts';
import { createSandboxData } from './seed/create-sandbox-data.ts';
import { createTokenStore } from './token-store.ts';
import { createStats, createWritesLog } from './writes-log.ts';
import { createWebhookEmitter, type WebhookDelivery, type WebhookTarget } from './webhooks/webhook-emitter.ts';

/** A running sandbox: where to point a Pax8 client, and how to stop it. */
export interface Sandbox {
  readonly url: string;
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly audience: string;
  /** Account 1's client id. */
  readonly clientId: string;
  /** Every account's client id, account 1 first (`sandbox`, `sandbox-2`, …); one secret for all. */
  readonly clientIds: readonly string[];
  readonly clientSecret: string;
  /** Where the customers' Microsoft tenants answer, and the app they consented. */
  readonly microsoft: { readonly loginUrl: string; readonly graphBaseUrl: string; readonly clientId: string; readonly clientSecret: string };
  /**
   * The sandbox's clock, for code running in the same process (tests): its time is Pax8's time in
   * every record the sandbox writes. Other processes use `GET/POST /__sandbox/clock`.
   */
  readonly clock: SandboxClock;
  /**
   * Pax8's webhooks: `configure` sets where events go (the in-process sandbox of `npm start` sends
   * them to the bot itself); `deliveries` lists what was sent. Other processes use `/__sandbox/webhooks`.
   */
  readonly webhooks: { configure(target: WebhookTarget | undefined): void; deliveries(): readonly WebhookDelivery[] };
  /**
   * Every access token this sandbox issued, Pax8's and Entra's, for code in the same process: a test
   * that checks no token reached a log needs the list. Not served over HTTP.
   */
  issuedTokens(): readonly string[];
  /** Closes the server, including connections a `hang` fault keeps open. */
  close(): Promise<void>;
}

/** Where a sandbox answers, whether it runs in this process or another. */
export type SandboxAddress = Omit<Sandbox, 'clock' | 'webhooks' | 'issuedTokens'>;

/**
 * Starts a simulated Pax8 partner API on a real HTTP port, with seeded data, Pax8's business rules,
 * a controllable clock and fault injection, so the bot and its tests run without a Pax8 account —
 * and the Microsoft 365 tenants of the companies holding Microsoft subscriptions (Entra token
 * endpoint and Graph), on the same data, so a seat bought at Pax8 shows in the tenant.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveSandboxOptions(options, Date.now());
  const clock = createSandboxClock(resolved.nowMs);
  const audience = 'https://api.pax8.com';
  const account = (k: number): SandboxAccount => ({
    clientId: accountClientId(resolved.clientId, k),
    // Account 1 keeps the seed itself, so its data is what a one-account sandbox serves; the others
    // get their own companies from a derived seed, and the one catalog.
    data: createSandboxData(k === 1 ? resolved.seed : hashSeed(resolved.seed, `account-${k}`), resolved.companies, resolved.nowMs, resolved.seed, accountCurrency(k)),
    limiter: createRateLimiter(resolved.rateLimit),
  });
  const others = Array.from({ length: resolved.accounts - 1 }, (_, i) => account(i + 2));
  const accounts = [account(1), ...others] as const;
  const rt: SandboxRuntime = {
    accounts,
    clock,
    tokens: createTokenStore(() => clock.nowMs()),
    faults: createFaults({ latencyMs: resolved.latencyMs, failRate: resolved.failRate }, createPrng(hashSeed(resolved.seed, 'faults'))),
    writes: createWritesLog(),
    stats: createStats(),
    router: createRouter(partnerRoutes),
    clientSecret: resolved.clientSecret,
    audience,
    microsoft: createMicrosoftState(
      {
        clientId: resolved.microsoftClientId,
        clientSecret: resolved.microsoftClientSecret,
        provisioningDelayMs: resolved.provisioningDelaySeconds * 1000,
        rateLimit: resolved.graphRateLimit,
        usageLocationDelayMs: resolved.usageLocationDelaySeconds * 1000,
      },
      resolved.seed,
      () => clock.nowMs(),
    ),
    webhooks: createWebhookEmitter({
      accounts,
      clock,
      seed: resolved.seed,
      settings: { delayMs: resolved.webhookDelaySeconds * 1000, errorThreshold: resolved.webhookErrorThreshold, retryDelayMs: 10_000 },
      target: resolved.webhookUrl ? { url: resolved.webhookUrl, authorization: resolved.webhookAuthorization } : undefined,
    }),
  };
  syncTenants(rt.microsoft, rt.accounts, true);
  seedConsentExceptions(rt.microsoft, rt.accounts[0].clientId);
  const server = createServer((req, res) => {
    handleRequest(rt, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${host}:${port}`;
  rt.microsoft.baseUrl = url;
  return {
    url,
    baseUrl: `${url}/v1`,
    tokenUrl: `${url}/v1/token`,
    audience,
    clientId: rt.accounts[0].clientId,
    clientIds: rt.accounts.map((a) => a.clientId),
    clientSecret: resolved.clientSecret,
    microsoft: { loginUrl: `${url}/login`, graphBaseUrl: `${url}/graph/v1.0`, clientId: resolved.microsoftClientId, clientSecret: resolved.microsoftClientSecret },
    clock,
    webhooks: { configure: (target) => rt.webhooks.configure(target), deliveries: () => rt.webhooks.list() },
    issuedTokens: () => [...rt.tokens.issued(), ...rt.microsoft.tokens.issued()],
    close: async () => {
      await rt.webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
