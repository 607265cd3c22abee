import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { AppConfig } from '../../config.ts';
import type { CardDelivery } from '../../delivery/create-card-delivery.ts';
import type { IntentDeps } from '../../intents/index.ts';
import type { Logger } from '../../log.ts';
import type { Clock } from '../../util/clock.ts';
import type { BackgroundTasks } from './background-tasks.ts';
import type { TeamsRenderer } from './render-teams-view.ts';
import type { TeamsConversations } from './teams-conversations.ts';
import type { TeamsIdentity } from './teams-identity.ts';

/** Everything the Teams turn handlers use, built once when the platform starts. */
export interface TeamsTurnDeps {
  readonly intents: IntentDeps;
  readonly delivery: Pick<CardDelivery, 'recordCopy' | 'adoptCopy' | 'approvalsChannel'>;
  readonly policy: AppConfig['policy'];
  readonly clock: Clock;
  readonly log: Logger;
  readonly conversations: TeamsConversations;
  readonly identity: TeamsIdentity;
  readonly renderer: TeamsRenderer;
  readonly background: BackgroundTasks;
  /** Activity ids seen lately: a second copy gets no second answer (on another replica the engine's idempotency key still stops a second request). */
  readonly recentEvents: { firstTime(id: string): boolean };
  /** Runs `logic` in a conversation outside any incoming turn (proactive post, later update). */
  readonly continueIn: (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;
  /** A user's personal chat with the bot, opened if need be (see `createPersonalChats`). */
  readonly personalChat: (userId: string) => Promise<ConversationReference>;
  /** How long a card click may wait for its answer before it gets the "working" card and a later update. */
  readonly invokeAnswerMs: number;
}

/** `continueIn` over a CloudAdapter: the app id names the bot (empty when running anonymously). */
export function continueWith(adapter: CloudAdapter, appId: string | undefined): TeamsTurnDeps['continueIn'] {
  return (reference, logic) => adapter.continueConversationAsync(appId ?? '', reference, logic);
}
