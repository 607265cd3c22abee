/**
 * A stand-in for Slack's Socket Mode over a real WebSocket, for tests and the local console. The
 * fake Web API answers `apps.connections.open` (app-level token only) with a one-time
 * `ws://…/link/?ticket=…` URL; a connection opened with it gets `hello`, then envelopes
 * (`slash_commands`, `interactive`, `events_api`) that the app acknowledges with
 * `{ envelope_id, payload? }`. Slack's side of a connection's life is here too: `disconnect`
 * messages (`refresh_requested`, `warning`, `link_disabled`; `too_many_websockets` past 10
 * connections), a connection closed without a word, and pings.
 *
 * Delivery is Slack's: each envelope goes to one open connection, in turn, never to one that was
 * told to disconnect. With no connection open, a command or a click fails at once with
 * `dispatch_failed` (what the user then sees); an envelope not acknowledged within 3 seconds fails
 * with `operation_timeout` (a late ack changes nothing). A redelivery is the same envelope again
 * with `retry_attempt`/`retry_reason`: Slack redelivers Events API envelopes on its own, the fake
 * whenever a test says so.
 *
 * Use: `createFakeSlackWebApi({ ..., socketMode: { appToken } })` serves `apps.connections.open`,
 * and the server that serves the Web API hands its `upgrade` events to `upgrade` and sets
 * `wsBaseUrl` (`startFakeSlackWebApi` does both).
 *
 * @see https://api.slack.com/apis/socket-mode
 * @see https://api.slack.com/apis/connections/socket-implement
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { SlackResult } from './slack-fake-state.ts';

/** The envelope types Slack sends over Socket Mode. */
export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';
/** Why Slack tells a connection to go: the first two ask the app to reconnect. */
export type SocketDisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled' | 'too_many_websockets';

export interface FakeSlackSocketModeOptions {
  /** The app-level token (`xapp-…`) `apps.connections.open` must be called with. */
  readonly appToken: string;
  /** The app id named in `hello` and in the WebSocket URL. */
  readonly appId?: string;
  /** How long an envelope waits for its ack; Slack waits 3 seconds. */
  readonly ackTimeoutMs?: number;
  /** How long a connection told to disconnect stays open if the app does not close it; Slack: about 10 s. */
  readonly disconnectGraceMs?: number;
  /** How often Slack pings each connection. */
  readonly pingIntervalMs?: number;
}

/** One WebSocket connection the app opened, as the fake sees it. */
export interface FakeSocketConnection {
  readonly id: number;
  /** `open` takes envelopes; `closing` was told to disconnect; `closed` is gone. */
  state: 'open' | 'closing' | 'closed';
}

/** One envelope sent (or not) and what came of it. */
export interface FakeSocketDelivery {
  readonly envelopeId: string | undefined;
  readonly type: string | undefined;
  readonly retryAttempt: number | undefined;
  /** The connection it went to; none when no connection was open. */
  readonly connection: number | undefined;
  outcome: 'pending' | 'acked' | 'sent' | 'dispatch_failed' | 'operation_timeout';
  /** The ack's `payload` (`undefined` for a bare ack). */
  ackPayload?: Record<string, unknown> | undefined;
  /** How many acks came for it: more than one is a bug in the app. */
  acks: number;
}

export interface FakeSlackSocketMode {
  /** `apps.connections.open`, given the request's `Authorization` header. */
  openConnection(authorization: string): SlackResult;
  /** The `upgrade` listener of the server that serves the Web API. */
  readonly upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Where the handed-out URLs point, ending in `/` (e.g. `ws://127.0.0.1:4321/`). */
  wsBaseUrl: string;
  /** Builds an envelope as Slack does and delivers it; resolves once acknowledged, refused or timed out. */
  send(type: SocketEnvelopeType, payload: unknown, options?: { envelopeId?: string; retryAttempt?: number; retryReason?: string }): Promise<FakeSocketDelivery>;
  /** Delivers any frame (an object is sent as JSON); one with an `envelope_id` waits for its ack. */
  deliver(frame: unknown): Promise<FakeSocketDelivery>;
  /** Sends a `disconnect` message to one connection (default: the oldest open one) or to all. */
  disconnect(reason: SocketDisconnectReason, which?: number | 'all'): void;
  /** Closes a connection without a word (default: the oldest open one), as a network failure would. */
  drop(which?: number): void;
  /** Every connection so far, oldest first. */
  readonly connections: readonly FakeSocketConnection[];
  /** Every delivery so far, in order. */
  readonly deliveries: readonly FakeSocketDelivery[];
  /** Closes every connection. */
  close(): void;
}

/** Slack's limit on an app's simultaneous Socket Mode connections. */
const maxConnections = 10;

interface Link {
  readonly connection: FakeSocketConnection;
  readonly ws: WebSocket;
  readonly timers: NodeJS.Timeout[];
}

/** Builds the fake; see the module comment. */
export function createFakeSlackSocketMode(options: FakeSlackSocketModeOptions): FakeSlackSocketMode {
  const appId = options.appId ?? 'A0PAX8';
  const ackTimeoutMs = options.ackTimeoutMs ?? 3_000;
  const server = new WebSocket.Server({ noServer: true });
  const tickets = new Set<string>();
  const links: Link[] = [];
  const connections: FakeSocketConnection[] = [];
  const deliveries: FakeSocketDelivery[] = [];
  const waiting = new Map<string, { delivery: FakeSocketDelivery; link: Link; settle: () => void }>();
  let turn = 0;

  const open = () => links.filter((l) => l.connection.state === 'open');
  const pick = (which: number | undefined) => (which === undefined ? open()[0] : links.find((l) => l.connection.id === which));

  function accept(ws: WebSocket): void {
    const connection: FakeSocketConnection = { id: connections.length + 1, state: 'open' };
    const link: Link = { connection, ws, timers: [] };
    connections.push(connection);
    links.push(link);
    ws.on('message', (data) => onAck(link, data));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      connection.state = 'closed';
      for (const timer of link.timers) clearTimeout(timer);
    });
    link.timers.push(setInterval(() => ws.ping(), options.pingIntervalMs ?? 10_000));
    if (open().length > maxConnections) return void tell(link, 'too_many_websockets');
    const debug = { host: `applink-fake-${connection.id}`, build_number: 1, approximate_connection_time: 18_060 };
    ws.send(JSON.stringify({ type: 'hello', num_connections: open().length, debug_info: debug, connection_info: { app_id: appId } }));
  }

  function onAck(link: Link, data: WebSocket.Data): void {
    let ack: unknown;
    try {
      ack = JSON.parse(typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '');
    } catch {
      return;
    }
    const envelopeId = isObject(ack) ? ack['envelope_id'] : undefined;
    const pending = typeof envelopeId === 'string' ? waiting.get(envelopeId) : undefined;
    if (!isObject(ack) || !pending || pending.link !== link) return;
    pending.delivery.acks += 1;
    if (pending.delivery.outcome !== 'pending') return;
    const payload = ack['payload'];
    pending.delivery.outcome = 'acked';
    pending.delivery.ackPayload = isObject(payload) && Object.keys(payload).length > 0 ? payload : undefined;
    pending.settle();
  }

  function tell(link: Link, reason: SocketDisconnectReason): void {
    if (link.connection.state !== 'open') return;
    link.connection.state = 'closing';
    link.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: `applink-fake-${link.connection.id}` } }));
    link.timers.push(setTimeout(() => link.ws.terminate(), options.disconnectGraceMs ?? 10_000));
  }

  function deliver(frame: unknown): Promise<FakeSocketDelivery> {
    const envelope = isObject(frame) ? frame : undefined;
    const envelopeId = typeof envelope?.['envelope_id'] === 'string' ? envelope['envelope_id'] : undefined;
    const candidates = open();
    const link = candidates[turn++ % Math.max(candidates.length, 1)];
    const delivery: FakeSocketDelivery = {
      envelopeId,
      type: typeof envelope?.['type'] === 'string' ? envelope['type'] : undefined,
      retryAttempt: typeof envelope?.['retry_attempt'] === 'number' ? envelope['retry_attempt'] : undefined,
      connection: link?.connection.id,
      outcome: link ? 'pending' : 'dispatch_failed',
      acks: 0,
    };
    deliveries.push(delivery);
    if (!link) return Promise.resolve(delivery);
    link.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    if (envelopeId === undefined) {
      delivery.outcome = 'sent';
      return Promise.resolve(delivery);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (delivery.outcome === 'pending') delivery.outcome = 'operation_timeout';
        resolve(delivery);
      }, ackTimeoutMs);
      waiting.set(envelopeId, { delivery, link, settle: () => (clearTimeout(timer), resolve(delivery)) });
    });
  }

  const fake: FakeSlackSocketMode = {
    wsBaseUrl: 'ws://127.0.0.1/',
    connections,
    deliveries,
    openConnection(authorization) {
      if (authorization !== `Bearer ${options.appToken}`) return { ok: false, error: 'invalid_auth' };
      const ticket = randomBytes(16).toString('hex');
      tickets.add(ticket);
      return { ok: true, url: `${fake.wsBaseUrl}link/?ticket=${ticket}&app_id=${appId}` };
    },
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'ws://fake');
      const ticket = url.searchParams.get('ticket') ?? '';
      // A ticket opens one connection: a reconnect needs a new apps.connections.open, as with Slack.
      if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      server.handleUpgrade(req, socket as Parameters<typeof server.handleUpgrade>[1], head, accept);
    },
    send(type, payload, sendOptions = {}) {
      const retry = type === 'events_api' || sendOptions.retryAttempt !== undefined;
      return deliver({
        envelope_id: sendOptions.envelopeId ?? randomUUID(),
        payload,
        type,
        accepts_response_payload: acceptsResponsePayload(type, payload),
        ...(retry ? { retry_attempt: sendOptions.retryAttempt ?? 0, retry_reason: sendOptions.retryReason ?? '' } : {}),
      });
    },
    deliver,
    disconnect(reason, which) {
      for (const link of which === 'all' ? open() : [pick(which)]) if (link) tell(link, reason);
    },
    drop(which) {
      pick(which)?.ws.terminate();
    },
    close() {
      for (const link of links) link.ws.terminate();
      server.close();
    },
  };
  return fake;
}

/** Slack takes a response in the ack for commands and modal submissions, not for clicks or events. */
function acceptsResponsePayload(type: SocketEnvelopeType, payload: unknown): boolean {
  if (type === 'slash_commands') return true;
  return type === 'interactive' && isObject(payload) && (payload['type'] === 'view_submission' || payload['type'] === 'block_suggestion');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
