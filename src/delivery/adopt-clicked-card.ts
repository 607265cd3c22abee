/**
 * A click on an approval card's button tells where that card is. A card the platform took just as
 * the process stopped, before the bot recorded it, is unknown to the bot (the catch-up posted
 * another meanwhile); from its first click on it is a copy of its request like any other, redrawn
 * by the next transition or else by the catch-up. Slack and Teams send a message's clicks only to
 * the bot that posted it, so the message is the bot's own.
 */
import { approvalCardButton } from '../intents/index.ts';
import type { CardDelivery } from './create-card-delivery.ts';

/** Adopts the clicked message when the button is an approval card's (Approve, Deny, Cancel, …); any other button changes nothing. */
export async function adoptClickedCard(delivery: Pick<CardDelivery, 'adoptCopy'>, platform: string, payload: unknown, conversationId: string, messageId: string): Promise<void> {
  const button = approvalCardButton(payload);
  if (!button) return;
  await delivery.adoptCopy(button.requestId, platform, conversationId, messageId, button.version ?? 0);
}
