/**
 * The Slack side of the card delivery: approval cards in the approvals channel
 * (`chat.postMessage`), their updates after every transition (`chat.update`, message id = the
 * message `ts`), and private notices as DMs (`conversations.open` + `chat.postMessage`).
 *
 * Which copy a message is decides its buttons: the approvals channel copy shows Approve / Deny, the
 * requester's copy Cancel. Copies posted by this process are remembered; for others (after a
 * restart) a copy outside the approvals channel is taken to be the requester's.
 *
 * @see https://api.slack.com/methods/chat.update
 */
import type { webApi } from '@slack/bolt';
import type { Viewer } from '../../cards/present/approval-card-data.ts';
import type { ChatOutbox } from '../../delivery/chat-outbox.ts';
import { approvalsChannelKey } from '../../intents/port-adapters.ts';
import type { Store } from '../../store/index.ts';
import type { View } from '../../views/index.ts';
import { approverCopy, requesterCopy, slackMessageFor } from './render-for-slack.ts';
import { createTtlCache } from '../../util/ttl-cache.ts';

export type SlackClient = Pick<webApi.WebClient, 'chat' | 'conversations' | 'views' | 'users' | 'filesUploadV2'>;

export interface SlackOutbox extends ChatOutbox {
  /** Remembers which copy a message is, for updates (the requester's copy is posted by the adapter). */
  rememberCopy(channel: string, ts: string, viewer: Viewer): void;
  /** Opens (or finds) the DM with a user and returns its channel id. */
  dmChannel(userId: string): Promise<string>;
}

export interface SlackOutboxOptions {
  readonly client: SlackClient;
  readonly store: Pick<Store, 'chatRefs'>;
  readonly configuredApprovalsChannel: string | undefined;
}

export function createSlackOutbox(options: SlackOutboxOptions): SlackOutbox {
  const { client } = options;
  const copies = createTtlCache<string, Viewer>({ max: 10_000, ttlMs: 7 * 86_400_000 });
  const key = (channel: string, ts: string) => `${channel}/${ts}`;

  async function approvalsChannel(): Promise<string | undefined> {
    const stored = await options.store.chatRefs.getConversation('slack', approvalsChannelKey);
    const id = typeof stored === 'object' && stored !== null && 'conversationId' in stored ? stored.conversationId : undefined;
    return typeof id === 'string' && id !== '' ? id : options.configuredApprovalsChannel;
  }

  async function viewerOf(channel: string, ts: string): Promise<Viewer> {
    return copies.get(key(channel, ts)) ?? ((await approvalsChannel()) === channel ? approverCopy : requesterCopy);
  }

  async function dmChannel(userId: string): Promise<string> {
    const opened = await client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    return id;
  }

  return {
    platform: 'slack',
    dmChannel,
    rememberCopy: (channel, ts, viewer) => copies.set(key(channel, ts), viewer),
    async post(channel: string, view: View) {
      const posted = await client.chat.postMessage({ channel, ...slackMessageFor(view, approverCopy) });
      if (!posted.ts) throw new Error('chat.postMessage returned no ts');
      copies.set(key(channel, posted.ts), approverCopy);
      return posted.ts;
    },
    async update(message, view: View) {
      const viewer = await viewerOf(message.conversationId, message.messageId);
      await client.chat.update({ channel: message.conversationId, ts: message.messageId, ...slackMessageFor(view, viewer) });
    },
    async notify(recipient, view: View) {
      const channel = await dmChannel(recipient.userId);
      await client.chat.postMessage({ channel, ...slackMessageFor(view) });
    },
  };
}
