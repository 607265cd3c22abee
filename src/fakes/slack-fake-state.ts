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

/** A modal as it stands: its last version and the `hash` naming that version. */
export interface FakeSlackView {
  readonly view: Record<string, unknown>;
  readonly hash: string;
}

export type SlackResult = Record<string, unknown> & { ok: boolean };

/**
 * What the fake holds that outlives one process when someone keeps it (the local console across a
 * restart): the messages each channel shows and the counters its ids come from, so a message
 * posted after a restart never takes the `ts` of one posted before it.
 */
export interface FakeSlackSnapshot {
  readonly messages: readonly FakeSlackMessage[];
  readonly tsCounter: number;
  readonly viewCounter: number;
}

/** Users, channels, modals; mutated only by the method table. */
export class FakeSlackState {
  readonly users = new Map<string, FakeSlackUser>();
  readonly channels = new Map<string, FakeSlackMessage[]>();
  /** Open modals by view id: the current version and its `hash`. */
  readonly views = new Map<string, FakeSlackView>();
  private tsCounter = 0;
  private viewCounter = 0;
  private hashCounter = 0;

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

  /**
   * Stores a new version of a view: Slack gives every version a new `hash` (`views.open`,
   * `views.update`, and a `response_action: update` answer alike).
   */
  putView(id: string, view: Record<string, unknown>): FakeSlackView {
    this.hashCounter += 1;
    const stored = { view, hash: `${Math.floor(Date.now() / 1000)}.${id}${this.hashCounter}` };
    this.views.set(id, stored);
    return stored;
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

  /** The newest `maxMessages` messages (all channels, by `ts`) and the id counters. */
  snapshot(maxMessages: number): FakeSlackSnapshot {
    const messages = [...this.channels.values()].flat().sort((a, b) => a.ts.localeCompare(b.ts)).slice(-maxMessages);
    return { messages: messages.map((m) => ({ ...m, blocks: [...m.blocks] })), tsCounter: this.tsCounter, viewCounter: this.viewCounter };
  }

  /** Puts back what {@link snapshot} kept; the counters never go back. */
  restore(snapshot: FakeSlackSnapshot): void {
    this.channels.clear();
    for (const m of snapshot.messages) this.add({ ...m, blocks: [...m.blocks] });
    this.tsCounter = Math.max(this.tsCounter, snapshot.tsCounter);
    this.viewCounter = Math.max(this.viewCounter, snapshot.viewCounter);
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
