import type { View } from '../views/index.ts';

/** A message the bot posted, by platform-neutral coordinates. */
export interface PostedMessage {
  readonly conversationId: string;
  readonly messageId: string;
}

/** Someone to tell something privately: the requester of a request, say. */
export interface Recipient {
  readonly userId: string;
  readonly email: string;
}

/**
 * What a chat platform adapter offers for messages the bot sends on its own (not as the answer to a
 * command): approval cards in the approvals channel, their updates after every transition, and
 * private notices. Each adapter renders views its own way (Teams: Adaptive Cards with per-viewer
 * refresh; Slack: Block Kit). Implementations throw on failure; the delivery logs and carries on.
 */
export interface ChatOutbox {
  readonly platform: string;
  /** Posts a view in a conversation (channel) and returns the new message's id. */
  post(conversationId: string, view: View): Promise<string>;
  /** Replaces a message the bot posted earlier. */
  update(message: PostedMessage, view: View): Promise<void>;
  /** Sends a view to one person privately (Slack DM, Teams personal chat). */
  notify(recipient: Recipient, view: View): Promise<void>;
}
