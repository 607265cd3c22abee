/** A chat platform the console plays. */
export type ConsolePlatform = 'slack' | 'teams';

/**
 * One message in a console conversation, as the page renders it: Slack messages carry Block Kit
 * `blocks`, Teams messages carry their activity `attachments` (Adaptive Cards). Typed by a demo
 * person (`from.person`) or posted by the bot through the fake Slack Web API or Bot Connector.
 */
export interface ConsoleMessage {
  readonly platform: ConsolePlatform;
  readonly conversationId: string;
  /** Slack `ts` or Teams activity id; an update replaces the message with the same id. */
  readonly id: string;
  readonly from: { readonly bot: true } | { readonly person: string };
  readonly text: string;
  readonly blocks?: readonly unknown[];
  readonly attachments?: readonly unknown[];
  /** Person key when only one person sees it (a Slack ephemeral message). */
  readonly visibleTo?: string;
  readonly at: string;
  /** Counts updates, so the page can tell a new version from the one it has. */
  readonly version: number;
}

/** A modal the bot opened (Slack `views.open`) for one person. */
export interface ConsoleModal {
  readonly platform: ConsolePlatform;
  readonly person: string;
  readonly viewId: string;
  readonly view: unknown;
}

export type ConsoleEvent =
  | { readonly type: 'message'; readonly message: ConsoleMessage }
  | { readonly type: 'deleted'; readonly platform: ConsolePlatform; readonly conversationId: string; readonly id: string }
  | { readonly type: 'modal'; readonly modal: ConsoleModal }
  | { readonly type: 'changed'; readonly what: 'clock' | 'audit' | 'writes' };

export type NewConsoleMessage = Omit<ConsoleMessage, 'version' | 'at'> & { readonly at?: string };

/**
 * What the console has seen in both fake workspaces, kept in memory: the people's typed messages
 * and everything the bot posted, updated or opened. Subscribers (the page's event stream) get every
 * change; a page that loads late reads `messages()`. Bounded, oldest first out, so a console left
 * running does not grow without end.
 */
export interface ConsoleTranscript {
  /** Adds or replaces (same platform, conversation and id) a message. */
  put(message: NewConsoleMessage): ConsoleMessage;
  /** Changes part of a message the bot posted earlier; unknown ids are ignored. */
  patch(platform: ConsolePlatform, conversationId: string, id: string, change: Partial<Pick<ConsoleMessage, 'text' | 'blocks' | 'attachments'>>): ConsoleMessage | undefined;
  remove(platform: ConsolePlatform, conversationId: string, id: string): void;
  find(platform: ConsolePlatform, conversationId: string, id: string): ConsoleMessage | undefined;
  openModal(modal: ConsoleModal): void;
  notify(event: ConsoleEvent): void;
  messages(): readonly ConsoleMessage[];
  subscribe(listener: (event: ConsoleEvent) => void): () => void;
}

/** Messages a transcript keeps at most, by default (oldest out). */
export const maxTranscriptMessages = 2_000;

/**
 * A transcript, empty or holding `initial` (what a console kept before a restart); see
 * {@link ConsoleTranscript}.
 */
export function createConsoleTranscript(options: { maxMessages?: number; now?: () => Date; initial?: readonly ConsoleMessage[] } = {}): ConsoleTranscript {
  const max = options.maxMessages ?? maxTranscriptMessages;
  const now = options.now ?? (() => new Date());
  const key = (platform: string, conversationId: string, id: string) => `${platform}\u0000${conversationId}\u0000${id}`;
  const byKey = new Map<string, ConsoleMessage>((options.initial ?? []).slice(-max).map((m) => [key(m.platform, m.conversationId, m.id), m]));
  const listeners = new Set<(event: ConsoleEvent) => void>();

  function notify(event: ConsoleEvent): void {
    for (const listener of listeners) listener(event);
  }

  function store(message: ConsoleMessage): ConsoleMessage {
    const k = key(message.platform, message.conversationId, message.id);
    byKey.delete(k);
    byKey.set(k, message);
    if (byKey.size > max) byKey.delete(byKey.keys().next().value ?? '');
    notify({ type: 'message', message });
    return message;
  }

  return {
    put(message) {
      const previous = byKey.get(key(message.platform, message.conversationId, message.id));
      return store({ ...message, at: message.at ?? previous?.at ?? now().toISOString(), version: (previous?.version ?? 0) + 1 });
    },
    patch(platform, conversationId, id, change) {
      const previous = byKey.get(key(platform, conversationId, id));
      if (!previous) return undefined;
      return store({ ...previous, ...change, version: previous.version + 1 });
    },
    remove(platform, conversationId, id) {
      if (byKey.delete(key(platform, conversationId, id))) notify({ type: 'deleted', platform, conversationId, id });
    },
    find: (platform, conversationId, id) => byKey.get(key(platform, conversationId, id)),
    openModal: (modal) => notify({ type: 'modal', modal }),
    notify,
    messages: () => [...byKey.values()],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
