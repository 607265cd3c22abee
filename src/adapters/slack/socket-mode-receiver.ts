/**
 * Bolt's transport for Socket Mode, kept connected through Slack's refreshes. Slack closes each
 * connection now and then (a `disconnect` message with `refresh_requested` or `warning`) and hands
 * a command or a click to one of the app's open connections; with none open, the person who typed
 * gets `dispatch_failed` and the command is lost. Bolt's own `SocketModeReceiver` holds one
 * connection and, after a refresh, waits 5 seconds before opening the next (`@slack/socket-mode`
 * 3.1 waits `clientPingTimeout` × attempts), so every refresh would lose what was typed meanwhile;
 * and a reconnection that fails on a network error is not tried again. This receiver keeps
 * `connections` connections open (Slack allows ten; two by default), each a `SocketModeClient` of
 * the SDK: one closed for any reason is reopened at once, then with backoff, as long as the bot
 * runs, so while one is refreshed the other takes the traffic.
 *
 * Every envelope is checked with the schemas of the HTTP door (`slack-payloads.ts`) before Bolt
 * sees it: one the bot does not take is acknowledged (so Slack does not deliver it again), logged
 * once as a warning and dropped. A redelivered envelope reaches Bolt with its `retry_attempt` as
 * `retryNum`; the handlers drop repeats by event id, whichever connection they came over.
 *
 * @see https://api.slack.com/apis/connections/socket-implement
 * @see https://docs.slack.dev/tools/bolt-js/concepts/receiver
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { App, Receiver, ReceiverEvent, webApi } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import type { z } from 'zod';
import type { Logger } from '../../log.ts';
import { settleWithin } from '../settle-within.ts';
import { boltLogger } from './bolt-logger.ts';
import { firstProblem, interactionPayloadSchema, socketSlashCommandSchema } from './slack-payloads.ts';

export interface SocketModeReceiverOptions {
  /** The app-level token (`xapp-…`, scope `connections:write`). */
  readonly appToken: string;
  /** The Web API client's options: `apps.connections.open` goes to their `slackApiUrl`. */
  readonly clientOptions: webApi.WebClientOptions;
  readonly log: Logger;
  /** How many connections to keep open. */
  readonly connections?: number;
  /** Waits before each attempt to reopen a connection; the last one repeats. */
  readonly reopenDelaysMs?: readonly number[];
}

/** What `@slack/socket-mode` hands its `slack_event` listeners. */
interface SocketEvent {
  readonly ack: (response?: Record<string, unknown>) => Promise<void>;
  readonly envelope_id?: unknown;
  readonly type?: unknown;
  readonly body: unknown;
  readonly retry_num?: number;
  readonly retry_reason?: string;
}

/** The envelope types the bot takes, with the shape of their payload. */
const payloadSchemas: Readonly<Record<string, z.ZodType>> = {
  slash_commands: socketSlashCommandSchema,
  interactive: interactionPayloadSchema,
};

const defaultReopenDelaysMs = [0, 1_000, 2_000, 5_000, 10_000, 30_000];
/** How long stopping waits for the connections to close. */
const closeWaitMs = 2_000;
/** How long a connection may take to open (`apps.connections.open`, the handshake, Slack's `hello`). */
const openWaitMs = 30_000;

/** Builds the receiver; see the module comment. `openConnections()` counts those connected now. */
export function createSocketModeReceiver(options: SocketModeReceiverOptions): Receiver & { readonly openConnections: () => number } {
  const log = options.log;
  const delays = options.reopenDelaysMs ?? defaultReopenDelaysMs;
  const stopping = new AbortController();
  let app: App | undefined;
  let started = false;
  const connections = Array.from({ length: options.connections ?? 2 }, (_, index) => {
    // Reconnection is ours (below); the client's own would wait, and could give up for good.
    const client = new SocketModeClient({ appToken: options.appToken, logger: boltLogger(log), autoReconnectEnabled: false, clientOptions: { ...options.clientOptions } });
    client.on('slack_event', (event: SocketEvent) => void onEnvelope(event));
    return { client, reopenIfClosed: keepOpen(client, index + 1) };
  });
  const clients = connections.map((c) => c.client);
  const closeAll = () => settleWithin(Promise.all(clients.map((client) => client.disconnect())), closeWaitMs);

  async function onEnvelope(envelope: SocketEvent): Promise<void> {
    const type = typeof envelope.type === 'string' ? envelope.type.slice(0, 40) : '(none)';
    const schema = Object.hasOwn(payloadSchemas, type) ? payloadSchemas[type] : undefined;
    const problem = schema ? firstProblem(schema.safeParse(envelope.body), 'payload') : `envelope type ${type}, which the bot does not take`;
    if (problem !== undefined || !app) {
      log.warn({ platform: 'slack', envelopeType: type, reason: problem ?? 'not started' }, 'refused a Slack envelope');
      if (typeof envelope.envelope_id === 'string') await envelope.ack().catch(() => undefined);
      return;
    }
    let acked = false;
    const event: ReceiverEvent = {
      body: envelope.body as ReceiverEvent['body'],
      ...(envelope.retry_num === undefined ? {} : { retryNum: envelope.retry_num }),
      ...(envelope.retry_reason === undefined ? {} : { retryReason: envelope.retry_reason }),
      customProperties: {},
      ack: async (response?: Record<string, unknown>) => {
        if (acked) return;
        acked = true;
        await envelope.ack(response);
      },
    };
    try {
      await app.processEvent(event);
    } catch (error) {
      log.error({ err: error, platform: 'slack', envelopeType: type }, 'a Slack envelope failed in Bolt');
    }
  }

  /** Opens one connection, or fails within `openWaitMs` (a peer that never says hello is given up). */
  async function open(client: SocketModeClient): Promise<void> {
    const opened = await settleWithin(client.start(), openWaitMs);
    if (opened.done) return;
    await settleWithin(client.disconnect(), closeWaitMs);
    throw new Error(`no hello from Slack within ${openWaitMs / 1000} s`);
  }

  async function reopen(client: SocketModeClient, connection: number): Promise<void> {
    for (let attempt = 0; !stopping.signal.aborted; attempt += 1) {
      try {
        await sleep(delays[Math.min(attempt, delays.length - 1)] ?? 0, undefined, { signal: stopping.signal });
        await open(client);
        // Stopped while connecting: the connection just opened must not outlive the bot.
        if (stopping.signal.aborted) return void (await client.disconnect());
        return log.info({ platform: 'slack', connection, attempts: attempt + 1 }, 'Slack Socket Mode: connection reopened');
      } catch (error) {
        if (stopping.signal.aborted) return;
        log.warn({ platform: 'slack', connection, attempt: attempt + 1, err: error }, 'Slack Socket Mode: reopening a connection failed; trying again');
      }
    }
  }

  /**
   * Reopens `client` whenever it closes, once the receiver has started (a failed start is the
   * caller's). Returns the check for one that closed while the others were still opening.
   */
  function keepOpen(client: SocketModeClient, connection: number): () => void {
    let reopening = false;
    const onClosed = () => {
      if (!started || reopening || stopping.signal.aborted) return;
      reopening = true;
      log.info({ platform: 'slack', connection }, 'Slack Socket Mode: connection closed; reopening it');
      void reopen(client, connection).finally(() => (reopening = false));
    };
    client.on('disconnected', onClosed);
    return () => {
      if (client.websocket?.isActive() !== true) onClosed();
    };
  }

  return {
    init(bolt) {
      app = bolt;
    },
    async start() {
      try {
        await Promise.all(clients.map(open));
      } catch (error) {
        await closeAll();
        const reason = error instanceof Error ? error.message : 'the connection closed before Slack said hello';
        throw new Error(`Slack refused SLACK_APP_TOKEN or could not be reached at ${options.clientOptions.slackApiUrl ?? 'slack.com'}: ${reason}`, { cause: error });
      }
      started = true;
      for (const connection of connections) connection.reopenIfClosed();
    },
    async stop() {
      stopping.abort();
      // Slack answers the close handshake at once; a peer that does not is not waited for long.
      await closeAll();
    },
    openConnections: () => clients.filter((client) => client.websocket?.isActive() === true).length,
  };
}
