import type { AppConfig } from '../config.ts';
import type { CardDelivery } from '../delivery/create-card-delivery.ts';
import type { ChatOutbox } from '../delivery/chat-outbox.ts';
import type { HttpServer } from '../http/create-http-server.ts';
import type { IntentDeps } from '../intents/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import type { Clock } from '../util/clock.ts';

/** What the composition root hands a chat platform adapter when it starts. */
export interface PlatformContext {
  readonly config: AppConfig;
  /** The intent layer's dependencies: adapters call `handleCommand` / `handleCardAction` with them. */
  readonly intents: IntentDeps;
  /** Record copies of approval cards the adapter posts itself (e.g. the reply to the requester). */
  readonly delivery: CardDelivery;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  /** The bot's one HTTP server, already listening at `publicBaseUrl`; mount routes on it. */
  readonly http: HttpServer;
  readonly listeningUrl: string;
}

/** A started adapter: its outbox joins the card delivery; `stop` releases sockets and timers. */
export interface RunningPlatform {
  readonly name: string;
  readonly outbox: ChatOutbox;
  stop(): Promise<void>;
}

/**
 * One chat platform. Adapters only verify, acknowledge, parse and render (DESIGN "Shape"); they are
 * the only code that imports their platform's SDK.
 */
export interface PlatformFactory {
  readonly name: string;
  /** Whether the configuration asks for this platform (its credentials are set). */
  enabled(config: AppConfig): boolean;
  start(context: PlatformContext): Promise<RunningPlatform>;
}
