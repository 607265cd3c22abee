/**
 * The state behind the fake Slack Web API (see `slack-web-api.ts`): users, the messages currently in
 * each channel, open modals and DM channels. Kept apart from the HTTP handling so the method table
 * stays readable.
 */

/** A Slack user the fake knows; `email` is what `users.info` returns in `profile.email`. */
export interface FakeSlackUser {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly realName?: string;
}

/** A message as it stands now in a channel (an update replaces `text` and `blocks`). */
export interface FakeSlackMessage {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: unknown[];
  /** Set for `chat.postEphemeral` and `response_url` messages: only this user sees them. */
  readonly visibleTo?: string;
}

/** One call the bot made, in order: a Web API method or a `response_url` POST. */
export interface FakeSlackCall {
  readonly method: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** What the fake answered. */
  readonly response: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export type SlackResult = Record<string, unknown> & { ok: boolean };

/** Users, channels, modals; mutated only by the method table. */
export class FakeSlackState {
  readonly users = new Map<string, FakeSlackUser>();
  readonly channels = new Map<string, FakeSlackMessage[]>();
  readonly views = new Map<string, unknown>();
  private tsCounter = 0;
  private viewCounter = 0;

  constructor(users: readonly FakeSlackUser[]) {
    for (const user of users) this.users.set(user.id, user);
  }

  /** Message timestamps like Slack's (`seconds.micro`), strictly increasing. */
  nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  nextViewId(): string {
    this.viewCounter += 1;
    return `V${String(this.viewCounter).padStart(8, '0')}`;
  }

  messagesIn(channel: string): FakeSlackMessage[] {
    let list = this.channels.get(channel);
    if (!list) {
      list = [];
      this.channels.set(channel, list);
    }
    return list;
  }

  add(message: FakeSlackMessage): FakeSlackMessage {
    this.messagesIn(message.channel).push(message);
    return message;
  }

  find(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.channels.get(channel)?.find((m) => m.ts === ts);
  }
}

/** The DM channel id the fake uses for a user (`D` + user id), as `conversations.open` returns it. */
export function dmChannelOf(userId: string): string {
  return `D${userId}`;
}

/** Slack sends nested arguments (blocks, view) as JSON text in form posts; the fake reads both. */
export function jsonArg(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export function stringArg(args: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
