/**
 * A local stand-in for the Bot Framework's identity side, over real HTTP: the OpenID metadata
 * document and JWKS that the channel's tokens are checked against (as at
 * `login.botframework.com/v1/.well-known/openidconfiguration`), and an Entra ID token endpoint for the
 * bot's own client-credentials tokens. Keys are RSA key pairs made with node:crypto; tokens are
 * signed with them the way the Bot Framework signs what it sends to a bot (RS256, the key's `kid` in
 * the header, claims `iss`, `aud`, `serviceurl`, `nbf`, `exp`).
 *
 * @see https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
 */
import { createHmac, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An RSA signing key; `endorsements` are the channels the JWKS says it may sign for. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly endorsements: readonly string[];
}

export function createSigningKey(endorsements: readonly string[] = ['msteams']): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomBytes(12).toString('base64url'), privateKey, publicKey, endorsements };
}

/** One client-credentials request the bot made to the token endpoint. */
export interface LoginRequest {
  readonly path: string;
  readonly form: Record<string, string>;
}

export interface StandInOptions {
  readonly appId: string;
  readonly appPassword: string;
  readonly tenantId: string;
  /** What the token endpoint hands out; a Bot Connector stand-in can require exactly this. */
  readonly accessToken: string;
  /** Lifetime of a handed-out token, in seconds (Entra's are about an hour). */
  readonly expiresIn?: number;
}

export interface BotFrameworkStandIn {
  readonly url: string;
  /** The published key: what a genuine token is signed with. */
  readonly key: SigningKey;
  /** `ToBotFromChannelOpenIdMetadataUrl`, `ToBotFromChannelTokenIssuer`, `ToChannelFromBotLoginUrl`, `ToChannelFromBotOAuthScope` pointing here. */
  readonly settings: Readonly<Record<string, string>>;
  readonly issuer: string;
  readonly oauthScope: string;
  /** Every token request, in order. */
  readonly logins: readonly LoginRequest[];
  /** Adds a key to the JWKS. */
  publish(key: SigningKey): void;
  /** From now on only `password` is accepted: the app's secret was replaced (or revoked) in Entra ID. */
  acceptOnly(password: string): void;
  /**
   * A Bot Framework token for an activity to `serviceUrl`: signed with the published key unless
   * `key` is given, with `claims` and `header` laid over the genuine ones.
   */
  token(serviceUrl: string, options?: { key?: SigningKey; claims?: Record<string, unknown>; header?: Record<string, unknown> }): string;
  /** A token with any header, signed with HMAC-SHA256 under `secret` (`alg: HS256`), or unsigned (`alg: none`) without one. */
  forged(serviceUrl: string, secret: string | Buffer | undefined): string;
  close(): Promise<void>;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startBotFrameworkStandIn(options: StandInOptions): Promise<BotFrameworkStandIn> {
  const keys: SigningKey[] = [createSigningKey(['msteams', 'webchat'])];
  const logins: LoginRequest[] = [];
  let password = options.appPassword;
  const server = createServer((req, res) => void route(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${url}/issuer`;
  const oauthScope = `${url}/connector`;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', url).pathname;
    if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${url}/invalid`,
        jwks_uri: `${url}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (req.method === 'GET' && path === '/v1/.well-known/keys') {
      return json(res, 200, { keys: keys.map((k) => ({ ...k.publicKey.export({ format: 'jwk' }), use: 'sig', kid: k.kid, endorsements: k.endorsements })) });
    }
    if (req.method === 'POST' && /^\/login\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      logins.push({ path, form });
      const good = form.grant_type === 'client_credentials' && form.client_id === options.appId && form.client_secret === password && form.scope === `${oauthScope}/.default`;
      if (!good || path !== `/login/${options.tenantId}/oauth2/v2.0/token`) {
        return json(res, 401, {
          error: 'invalid_client',
          error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${options.appId}'.\r\nTrace ID: 0f0c\r\nCorrelation ID: 1a2b`,
          error_codes: [7000215],
        });
      }
      return json(res, 200, { token_type: 'Bearer', expires_in: options.expiresIn ?? 3599, ext_expires_in: options.expiresIn ?? 3599, access_token: options.accessToken });
    }
    json(res, 404, { error: 'not_found' });
  }

  const claimsFor = (serviceUrl: string) => {
    const now = Math.floor(Date.now() / 1000);
    return { serviceurl: serviceUrl, nbf: now - 5, exp: now + 3600, iss: issuer, aud: options.appId };
  };

  return {
    url,
    key: keys[0] as SigningKey,
    issuer,
    oauthScope,
    settings: {
      ToBotFromChannelOpenIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: issuer,
      ToChannelFromBotLoginUrl: `${url}/login/${options.tenantId}`,
      ToChannelFromBotOAuthScope: oauthScope,
    },
    logins,
    publish: (key) => void keys.push(key),
    acceptOnly(next) {
      password = next;
    },
    token(serviceUrl, { key = keys[0] as SigningKey, claims = {}, header = {} } = {}) {
      const signed = `${encode({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${encode({ ...claimsFor(serviceUrl), ...claims })}`;
      return `${signed}.${sign('sha256', Buffer.from(signed), key.privateKey).toString('base64url')}`;
    },
    forged(serviceUrl, secret) {
      const signed = `${encode({ alg: secret === undefined ? 'none' : 'HS256', typ: 'JWT', kid: (keys[0] as SigningKey).kid })}.${encode(claimsFor(serviceUrl))}`;
      return `${signed}.${secret === undefined ? '' : createHmac('sha256', secret).update(signed).digest('base64url')}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
