/**
 * A stand-in for the Bot Connector service (the REST API a Teams bot calls to reply, post, update
 * and look up members), over real HTTP. Tests run it on its own port and send activities whose
 * `serviceUrl` points at it; the local console mounts it under `/console/teams/` and shows what it
 * keeps. It records every call in order and keeps the current messages of each conversation
 * (an update replaces the message, a delete removes it), like the service does.
 *
 * @see https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText } from '../http/read-body-text.ts';
import { routeConnectorCall } from './bot-connector-routes.ts';

/** A Teams user as `GET /v3/conversations/{id}/members/{userId}` returns them. */
export interface FakeTeamsMember {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
}

/** One call the bot made, in arrival order. */
export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string | undefined;
  readonly activityId: string | undefined;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

/** A message as the fake keeps it: the activity the bot sent, with the id the fake gave it. */
export interface StoredActivity {
  readonly id: string;
  readonly conversationId: string;
  readonly replyToId: string | undefined;
  readonly activity: Record<string, unknown>;
}

export type ConnectorChange = { readonly type: 'posted' | 'updated' | 'deleted'; readonly message: StoredActivity };

/**
 * What the fake holds that outlives one process when someone keeps it (the local console across a
 * restart): the current messages, the personal conversations it created, and the last activity id
 * it gave, so an activity posted after a restart never takes the id of one posted before it.
 */
export interface FakeConnectorSnapshot {
  readonly messages: readonly StoredActivity[];
  readonly conversations: readonly { readonly id: string; readonly memberIds: readonly string[] }[];
  readonly lastId: number;
}

export interface FakeBotConnectorOptions {
  readonly members?: readonly FakeTeamsMember[];
  /** When set, every call must carry `Authorization: Bearer <this>`, else 401 (as the service does). */
  readonly requiredToken?: string;
}

export interface FakeBotConnector {
  /** A `node:http` handler; the `/v3/...` part of the path is found wherever the fake is mounted. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  readonly calls: readonly ConnectorCall[];
  /** The current messages of a conversation, oldest first. */
  messages(conversationId: string): StoredActivity[];
  /** Every current message, in posting order. */
  allMessages(): StoredActivity[];
  addMember(member: FakeTeamsMember): void;
  /**
   * Changes a known member from now on, as an Entra ID admin would (e-mail, UPN: what roles are
   * keyed by). Throws for an unknown member id.
   */
  updateMember(id: string, changes: Partial<Omit<FakeTeamsMember, 'id'>>): void;
  /** Makes the next `count` single-member lookups answer `status` (e.g. 503: the service is down). */
  failMemberLookups(count: number, status: number): void;
  /** Calls `listener` after every post, update and delete; returns the unsubscribe function. */
  onChange(listener: (change: ConnectorChange) => void): () => void;
  /** The newest `maxMessages` messages, the conversations and the id counter, to keep across a restart. */
  snapshot(maxMessages: number): FakeConnectorSnapshot;
  /** Puts back a {@link snapshot}: the conversations show those messages, and new ids follow the old ones. */
  restore(snapshot: FakeConnectorSnapshot): void;
}

/** Mutable state shared with the route table. */
export interface ConnectorState {
  readonly members: Map<string, FakeTeamsMember>;
  readonly messages: Map<string, StoredActivity>;
  readonly conversations: Map<string, { readonly memberIds: readonly string[] }>;
  nextId(): string;
  emit(change: ConnectorChange): void;
}

export function createFakeBotConnector(options: FakeBotConnectorOptions = {}): FakeBotConnector {
  const calls: ConnectorCall[] = [];
  let memberFailures = { count: 0, status: 503 };
  const listeners = new Set<(change: ConnectorChange) => void>();
  let sequence = 1_700_000_000_000;
  const state: ConnectorState = {
    members: new Map((options.members ?? []).map((m) => [m.id, m])),
    messages: new Map(),
    conversations: new Map(),
    nextId: () => String((sequence += 1)),
    emit: (change) => listeners.forEach((listener) => listener(change)),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const at = path.indexOf('/v3/');
    const segments = (at >= 0 ? path.slice(at + 1) : path).split('/').filter((s) => s !== '').map(decodeURIComponent);
    const authorization = req.headers.authorization;
    const method = req.method ?? 'GET';
    calls.push({ method, path, conversationId: segments[2], activityId: segments[4], body, authorization });
    if (options.requiredToken && authorization !== `Bearer ${options.requiredToken}`) return send(res, 401, { error: { code: 'Unauthorized', message: 'no valid token' } });
    if (memberFailures.count > 0 && method === 'GET' && segments[3] === 'members' && segments[4] !== undefined) {
      memberFailures = { ...memberFailures, count: memberFailures.count - 1 };
      return send(res, memberFailures.status, { error: { code: 'ServiceError', message: 'the member lookup failed' } });
    }
    const answer = routeConnectorCall(state, method, segments, body);
    send(res, answer.status, answer.body);
  }

  return {
    handle,
    calls,
    messages: (conversationId) => [...state.messages.values()].filter((m) => m.conversationId === conversationId),
    allMessages: () => [...state.messages.values()],
    addMember: (member) => void state.members.set(member.id, member),
    updateMember(id, changes) {
      const member = state.members.get(id);
      if (!member) throw new Error(`the fake Bot Connector has no member ${id}`);
      state.members.set(id, { ...member, ...changes });
    },
    failMemberLookups(count, status) {
      memberFailures = { count, status };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    snapshot(maxMessages) {
      return {
        messages: [...state.messages.values()].slice(-maxMessages),
        conversations: [...state.conversations.entries()].map(([id, c]) => ({ id, memberIds: c.memberIds })),
        lastId: sequence,
      };
    },
    restore(snapshot) {
      state.messages.clear();
      for (const m of snapshot.messages) state.messages.set(m.id, m);
      for (const c of snapshot.conversations) state.conversations.set(c.id, { memberIds: c.memberIds });
      sequence = Math.max(sequence, snapshot.lastId);
    },
  };
}

/** Far above any activity the bot sends; the real service refuses much smaller bodies. */
const maxBodyBytes = 10_000_000;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBodyText(req, maxBodyBytes);
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body === undefined ? '{}' : JSON.stringify(body));
}
