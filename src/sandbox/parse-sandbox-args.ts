import { InvalidInputError } from '../errors.ts';
import { MAX_ACCOUNTS, type SandboxOptions } from './sandbox-options.ts';

/** Usage text of `npx pax8-chatops sandbox`. */
export const sandboxUsage = `Usage: npx pax8-chatops sandbox [options]

Serves a simulated Pax8 partner API under /v1 (token at /v1/token) with seeded data and invoices
billed from the subscription history (a new month's when the clock passes the 1st), and the
customers' Microsoft 365 tenants: Entra tokens at /login/{tenant}/oauth2/v2.0/token and Microsoft
Graph under /graph/v1.0 (MICROSOFT_LOGIN_URL=<url>/login, GRAPH_BASE_URL=<url>/graph/v1.0).

Options:
  --host H             interface to listen on (default 127.0.0.1)
  --port N             port, 0 = any free port (default 4010)
  --seed N             data seed; same seed and day give the same data (default 1)
  --companies N        number of companies, ~10 subscriptions each (default 25)
  --latency-ms N       added latency for every API call (default 0)
  --fail-rate R        share of API calls answered 503, 0..1 (default 0)
  --rate-limit N       calls per minute before 429, 0 = unlimited (default 1000)
  --client-id X        accepted client id (default sandbox)
  --client-secret Y    accepted client secret (default sandbox)
  --accounts N         partner accounts, 1..${MAX_ACCOUNTS}, each with its own companies and rate limit;
                       client ids X, X-2, X-3, ... with the one secret (default 1)
  --now ISO            initial sandbox clock (default: the current time)
  --microsoft-client-id X      the Microsoft app the tenants consented (default sandbox)
  --microsoft-client-secret Y  its client secret (default sandbox)
  --provisioning-delay S       sandbox seconds before a Pax8 purchase, seat change or
                               cancellation shows in the tenant's subscribedSkus (default 5)
  --graph-rate-limit N         Graph calls per 10 s per tenant before 429, 0 = unlimited (default 1000)
  --usage-location-delay S     sandbox seconds before licensing sees a new usageLocation (default 0)
  --webhook-url URL            post Pax8 webhook events (SUBSCRIPTION, ORDER) there, e.g.
                               http://127.0.0.1:3978/pax8/webhooks (default: none)
  --webhook-authorization V    the Authorization value sent with them (PAX8_WEBHOOK_AUTHORIZATION)
  --webhook-delay S            sandbox seconds between a change and its event (default 5)
  --webhook-error-threshold N  attempts per event, at most 3 automatic ones (default 3)
  -h, --help           show this text

Admin API: GET|POST /__sandbox/clock, GET|POST|DELETE /__sandbox/faults,
GET|DELETE /__sandbox/writes, GET /__sandbox/stats,
GET|POST /__sandbox/billing/discrepancies[?account=X-2] (invoice errors: listed, planted),
GET /__sandbox/lookup?id=<company, product or subscription id>,
GET /__sandbox/microsoft/tenants, PATCH /__sandbox/microsoft/tenants/{tenantId},
GET|DELETE /__sandbox/microsoft/writes (Graph writes only),
GET|PUT|DELETE /__sandbox/webhooks, GET /__sandbox/webhooks/deliveries,
POST /__sandbox/webhooks/deliveries/{id}/resend.
`;

type Kind = 'int' | 'number' | 'string' | 'iso';
/** Flag → option, kind, and for some whole numbers the range allowed. */
const flags: Record<string, readonly [keyof SandboxOptions, Kind, range?: readonly [min: number, max: number]]> = {
  '--host': ['host', 'string'], '--port': ['port', 'int'], '--seed': ['seed', 'int'], '--companies': ['companies', 'int'],
  '--latency-ms': ['latencyMs', 'int'], '--fail-rate': ['failRate', 'number'], '--rate-limit': ['rateLimit', 'int'],
  '--client-id': ['clientId', 'string'], '--client-secret': ['clientSecret', 'string'], '--now': ['now', 'iso'],
  '--accounts': ['accounts', 'int', [1, MAX_ACCOUNTS]],
  '--microsoft-client-id': ['microsoftClientId', 'string'], '--microsoft-client-secret': ['microsoftClientSecret', 'string'],
  '--provisioning-delay': ['provisioningDelaySeconds', 'number'], '--graph-rate-limit': ['graphRateLimit', 'int'],
  '--usage-location-delay': ['usageLocationDelaySeconds', 'number'],
  '--webhook-url': ['webhookUrl', 'string'], '--webhook-authorization': ['webhookAuthorization', 'string'],
  '--webhook-delay': ['webhookDelaySeconds', 'number'], '--webhook-error-threshold': ['webhookErrorThreshold', 'int', [1, 20]],
};

function convert(flag: string, kind: Kind, raw: string, range?: readonly [number, number]): string | number {
  if (kind === 'string') {
    if (raw.trim() === '') throw new InvalidInputError(`${flag} needs a non-empty value`);
    return raw;
  }
  if (kind === 'iso') {
    if (Number.isNaN(Date.parse(raw))) throw new InvalidInputError(`${flag} expects an ISO time such as 2025-06-01T09:00:00Z, got "${raw}"`);
    return raw;
  }
  const value = Number(raw);
  if (range !== undefined) {
    const [min, max] = range;
    if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) throw new InvalidInputError(`${flag} expects a whole number from ${min} to ${max}, got "${raw}"`);
    return value;
  }
  if (raw.trim() === '' || Number.isNaN(value) || (kind === 'int' && !Number.isInteger(value)) || value < 0) {
    throw new InvalidInputError(`${flag} expects a ${kind === 'int' ? 'whole number' : 'number'} >= 0, got "${raw}"`);
  }
  return value;
}

function check(options: SandboxOptions): void {
  if (options.port !== undefined && options.port > 65535) throw new InvalidInputError(`--port must be at most 65535, got ${options.port}`);
  if (options.failRate !== undefined && options.failRate > 1) throw new InvalidInputError(`--fail-rate must be between 0 and 1, got ${options.failRate}`);
  if (options.companies !== undefined && options.companies > 100_000) throw new InvalidInputError('--companies must be at most 100000');
  if (options.webhookUrl !== undefined && !URL.canParse(options.webhookUrl)) throw new InvalidInputError(`--webhook-url expects a URL such as http://127.0.0.1:3978/pax8/webhooks, got "${options.webhookUrl}"`);
  if (options.webhookUrl !== undefined && options.webhookAuthorization === undefined) throw new InvalidInputError('--webhook-url needs --webhook-authorization (the value the bot has in PAX8_WEBHOOK_AUTHORIZATION)');
}

/** Parses the sandbox command line (`--flag value` or `--flag=value`); bad input is an InvalidInputError. */
export function parseSandboxArgs(argv: readonly string[]): SandboxOptions {
  const options: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag = '', inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const spec = flags[flag];
    if (!spec) throw new InvalidInputError(`Unknown option "${arg}".\n\n${sandboxUsage}`);
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new InvalidInputError(`${flag} needs a value`);
    options[spec[0]] = convert(flag, spec[1], raw, spec[2]);
  }
  const result = options as SandboxOptions;
  check(result);
  return result;
}
