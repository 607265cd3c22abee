/**
 * The peer of the Teams benchmark, run as its own process: a bare botbuilder bot — `CloudAdapter`
 * and an `ActivityHandler` — authenticated exactly as the bot is (the same app id and Bot
 * Framework endpoint settings, so every activity's JWT is checked against the same JWKS), that
 * answers a message with one reply through the Bot Connector and a card button (`adaptiveCard/action`
 * invoke) with a card in the invoke response. It does what any Teams bot must do and nothing else,
 * so the bot's overhead is the difference.
 *
 * Its outgoing token comes from the login with a plain client-credentials request (MSAL, botbuilder's
 * default, refuses the stand-in's `http://` login URL); it is fetched once and kept.
 * Started by `startBareTeamsProcess`; prints `listening on <url>` once it serves.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readJsonBody } from '../../src/adapters/teams/bot-http-shim.ts';
import { ActivityHandler, type AdaptiveCardInvokeResponse, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Request, type Response } from 'botbuilder';

const env = (name: string): string => process.env[name] ?? '';
const appId = env('MicrosoftAppId');
let token: Promise<string> | undefined;
const fetchToken = async (loginEndpoint: string, audience: string): Promise<string> => {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, client_secret: env('MicrosoftAppPassword'), scope: `${audience}/.default` });
  const response = await fetch(`${loginEndpoint.replace(/\/$/, '')}/oauth2/v2.0/token`, { method: 'POST', body: form });
  return ((await response.json()) as { access_token: string }).access_token;
};

const auth = new ConfigurationBotFrameworkAuthentication(
  {
    MicrosoftAppId: appId,
    MicrosoftAppTenantId: env('MicrosoftAppTenantId'),
    ToBotFromChannelOpenIdMetadataUrl: env('ToBotFromChannelOpenIdMetadataUrl'),
    ToBotFromChannelTokenIssuer: env('ToBotFromChannelTokenIssuer'),
    ToChannelFromBotLoginUrl: env('ToChannelFromBotLoginUrl'),
    ToChannelFromBotOAuthScope: env('ToChannelFromBotOAuthScope'),
  },
  {
    isValidAppId: (id = '') => Promise.resolve(id === appId),
    isAuthenticationDisabled: () => Promise.resolve(false),
    createCredentials: (_id, audience, loginEndpoint) =>
      Promise.resolve({
        async signRequest(resource) {
          token ??= fetchToken(loginEndpoint ?? '', audience ?? '');
          resource.headers.set('authorization', `Bearer ${await token}`);
          return resource;
        },
      }),
  },
);
const adapter = new CloudAdapter(auth);

class BareBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`bare answer to "${context.activity.text ?? ''}"`);
      await next();
    });
  }

  protected override onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'bare answer to a button', wrap: true }] };
    return Promise.resolve({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });
  }
}
const bot = new BareBot();

// The same plain node:http plumbing the bot uses (botbuilder expects an express-like request and response).
const server = createServer((req, res) => {
  readJsonBody(req)
    .then((body) => adapter.process(toBotRequest(req, body), toBotResponse(res), (turn) => bot.run(turn)))
    .catch((error: unknown) => {
      console.error('turn failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

/** The request shape `CloudAdapter.process` reads (express/restify-like), over a plain `IncomingMessage`: headers, method and the parsed body. */
export function toBotRequest(req: IncomingMessage, body: Record<string, unknown>): Request {
  return { body, headers: req.headers, method: req.method ?? 'GET' };
}

/**
 * The restify/express-like response `CloudAdapter.process` writes to (`status`, `header`, `send`,
 * `end`), over a plain `ServerResponse`. The body is buffered and written once at `end`: an invoke
 * answer is an object and goes out as JSON, an error text as plain text.
 */
export function toBotResponse(res: ServerResponse): Response {
  let body: string | undefined;
  const response: Response = {
    socket: res.socket,
    status(code: unknown) {
      if (typeof code === 'number') res.statusCode = code;
      return response;
    },
    header(name: unknown, value: unknown) {
      if (typeof name === 'string' && (typeof value === 'string' || typeof value === 'number')) res.setHeader(name, value);
      return response;
    },
    send(value: unknown) {
      if (value === undefined || value === null) return response;
      if (typeof value === 'string') {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
        body = value;
      } else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        body = JSON.stringify(value);
      }
      return response;
    },
    end() {
      if (!res.writableEnded) res.end(body);
      return response;
    },
  };
  return response;
}
