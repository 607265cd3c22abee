import type { ConnectorState, StoredActivity } from './bot-connector.ts';

export interface ConnectorAnswer {
  readonly status: number;
  readonly body: unknown;
}

const notFound: ConnectorAnswer = { status: 404, body: { error: { code: 'NotFound', message: 'no such resource' } } };

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The Bot Connector REST calls botbuilder makes, on the fake's state. `segments` is the decoded path
 * from `v3` on. Members are one list for every conversation: the fake plays a single team.
 */
export function routeConnectorCall(state: ConnectorState, method: string, segments: readonly string[], body: unknown): ConnectorAnswer {
  const [v3, collection, conversationId, sub, item] = segments;
  if (v3 !== 'v3' || collection !== 'conversations') return notFound;
  if (conversationId === undefined) return method === 'POST' ? createConversation(state, body) : notFound;
  if (sub === 'activities') return activityCall(state, method, conversationId, item, body);
  if (sub === 'members' && method === 'GET') {
    if (item === undefined) return { status: 200, body: [...state.members.values()] };
    const member = state.members.get(item);
    return member ? { status: 200, body: member } : { status: 404, body: { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found' } } };
  }
  if (sub === 'pagedmembers' && method === 'GET') return { status: 200, body: { members: [...state.members.values()] } };
  return notFound;
}

function createConversation(state: ConnectorState, body: unknown): ConnectorAnswer {
  const members = asRecord(body).members;
  const memberIds = Array.isArray(members) ? members.map((m) => String(asRecord(m).id)) : [];
  const id = `a:fake-personal-${memberIds.join('-')}`;
  state.conversations.set(id, { memberIds });
  return { status: 201, body: { id, activityId: undefined, serviceUrl: undefined } };
}

function activityCall(state: ConnectorState, method: string, conversationId: string, activityId: string | undefined, body: unknown): ConnectorAnswer {
  const activity = asRecord(body);
  if (method === 'POST') {
    const message: StoredActivity = { id: state.nextId(), conversationId, replyToId: activityId, activity };
    state.messages.set(message.id, message);
    state.emit({ type: 'posted', message });
    return { status: 201, body: { id: message.id } };
  }
  const existing = activityId === undefined ? undefined : state.messages.get(activityId);
  if (!existing || existing.conversationId.split(';')[0] !== conversationId.split(';')[0]) return notFound;
  if (method === 'PUT') {
    const message: StoredActivity = { ...existing, activity };
    state.messages.set(existing.id, message);
    state.emit({ type: 'updated', message });
    return { status: 200, body: { id: existing.id } };
  }
  if (method === 'DELETE') {
    state.messages.delete(existing.id);
    state.emit({ type: 'deleted', message: existing });
    return { status: 200, body: {} };
  }
  return notFound;
}
