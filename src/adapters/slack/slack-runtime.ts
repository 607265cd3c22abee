import type { RespondFn } from '@slack/bolt';
import type { CardDelivery } from '../../delivery/create-card-delivery.ts';
import type { IntentDeps } from '../../intents/index.ts';
import type { Logger } from '../../log.ts';
import type { AckFirstTurns } from './ack-first-turns.ts';
import type { DetailsFormView, OffboardFormView, SeatsFormView } from '../../views/index.ts';
import type { SlackIdentity } from './slack-identity.ts';
import type { SlackClient, SlackOutbox } from './slack-outbox.ts';
import type { TtlCache } from '../../util/ttl-cache.ts';

/** What every Slack listener shares: built once in `start-slack.ts`. */
export interface SlackRuntime {
  readonly client: SlackClient;
  readonly intents: IntentDeps;
  readonly delivery: Pick<CardDelivery, 'recordCopy' | 'adoptCopy'>;
  readonly outbox: SlackOutbox;
  readonly identity: SlackIdentity;
  /**
   * Event ids handled already: a Slack retry or a double delivery of one event is dropped. A modal
   * refused with `response_action: errors` keeps its `hash`, so its event is forgotten: the same
   * version may be sent again.
   */
  readonly seen: { firstTime(id: string): boolean; forget(id: string): void };
  /** Forms shown (details, seats), by the command their button re-runs: the modal is built from them. */
  readonly forms: TtlCache<string, SlackForm>;
  readonly log: Logger;
  /** Turns for work after an ack, so acks of requests still waiting go first. */
  readonly turns: AckFirstTurns;
  /** How long an answer may take before a "working on it" message is shown. */
  readonly workingAfterMs: number;
}

/** A form Slack takes as a modal: the details an order needs, the new number of seats. */
export type SlackForm = DetailsFormView | SeatsFormView | OffboardFormView;

/** Where an answer goes: the person who typed or clicked, in the channel they did it. */
export interface AnswerTarget {
  readonly channel: string;
  readonly user: string;
  /** Their e-mail, when known: a copy of an approval card posted for them carries their buttons. */
  readonly email: string | undefined;
  /** The payload's `response_url`, when there is one (commands, message buttons). */
  readonly respond?: RespondFn;
  /**
   * What an answer through `respond` does to the (ephemeral) message clicked: `replace` it (the
   * next page of a list), or `keep` it (a row's button: the list stays for the next row, and the
   * answer comes below it). Null for a command.
   */
  readonly clicked: 'replace' | 'keep' | null;
}
