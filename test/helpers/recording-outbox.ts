/**
 * A chat platform's outbox that records what the bot sent instead of sending it: posts get made-up
 * message ids; posts can be made to fail (the platform is down) or to wait until the test lets them go.
 */
import type { ChatOutbox, PostedMessage, Recipient } from '../../src/delivery/chat-outbox.ts';
import type { View } from '../../src/views/index.ts';
import { uniqueId } from './approvals-harness.ts';

export type Sent = { op: 'post'; conversationId: string; view: View } | { op: 'update'; message: PostedMessage; view: View } | { op: 'notify'; recipient: Recipient; view: View };

export interface RecordingOutboxOptions {
  readonly failPosts?: boolean;
  /** Each post waits for this before it is recorded (a slow platform). */
  readonly postsWaitFor?: Promise<void>;
}

export function recordingOutbox(platform: string, options: RecordingOutboxOptions = {}): ChatOutbox & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    platform,
    sent,
    async post(conversationId, view) {
      if (options.failPosts) throw new Error(`${platform} is down`);
      await options.postsWaitFor;
      sent.push({ op: 'post', conversationId, view });
      return uniqueId(`${platform}-msg`);
    },
    update(message, view) {
      sent.push({ op: 'update', message, view });
      return Promise.resolve();
    },
    notify(recipient, view) {
      sent.push({ op: 'notify', recipient, view });
      return Promise.resolve();
    },
  };
}
