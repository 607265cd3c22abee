/**
 * The Web API methods the fake Slack answers, each as Slack documents it (the fields the bot and
 * the local console read). Bad arguments answer `{ ok: false, error }` with Slack's error names.
 *
 * @see https://api.slack.com/methods
 */
import { type FakeSlackState, type SlackResult, dmChannelOf, jsonArg, stringArg } from './slack-fake-state.ts';

type Args = Readonly<Record<string, unknown>>;
export type FakeMethod = (state: FakeSlackState, args: Args) => SlackResult;

const fail = (error: string): SlackResult => ({ ok: false, error });
const blocksOf = (args: Args): unknown[] => {
  const blocks = jsonArg(args['blocks']);
  return Array.isArray(blocks) ? blocks : [];
};

function userInfo(state: FakeSlackState, id: string): SlackResult {
  const user = state.users.get(id);
  if (!user) return fail('user_not_found');
  const realName = user.realName ?? user.name;
  return {
    ok: true,
    user: {
      id: user.id,
      name: user.name,
      real_name: realName,
      deleted: false,
      is_bot: false,
      profile: { real_name: realName, display_name: user.name, ...(user.email ? { email: user.email } : {}) },
    },
  };
}

function post(state: FakeSlackState, args: Args, ephemeralFor?: string): SlackResult {
  const channel = stringArg(args, 'channel');
  if (!channel) return fail('channel_not_found');
  const text = stringArg(args, 'text') ?? '';
  const blocks = blocksOf(args);
  if (text === '' && blocks.length === 0) return fail('no_text');
  const ts = state.nextTs();
  state.add({ channel, ts, text, blocks, ...(ephemeralFor ? { visibleTo: ephemeralFor } : {}) });
  return ephemeralFor ? { ok: true, message_ts: ts } : { ok: true, channel, ts, message: { type: 'message', text, blocks, ts } };
}

function openView(state: FakeSlackState, args: Args, viewId?: string): SlackResult {
  const view = jsonArg(args['view']);
  if (typeof view !== 'object' || view === null) return fail('invalid_arguments');
  if (viewId === undefined && !stringArg(args, 'trigger_id')) return fail('invalid_trigger_id');
  const id = viewId ?? state.nextViewId();
  // Slack gives every version of a view a new `hash`, and a view_submission carries it.
  const stored = state.putView(id, view as Record<string, unknown>);
  return { ok: true, view: { ...stored.view, id, hash: stored.hash } };
}

/**
 * `views.update` by `view_id`; with a `hash`, only the version that hash names may be replaced
 * (`hash_conflict` otherwise), which is how Slack protects a view updated from two places.
 * @see https://api.slack.com/methods/views.update
 */
function updateView(state: FakeSlackState, args: Args): SlackResult {
  const id = stringArg(args, 'view_id');
  const current = id ? state.views.get(id) : undefined;
  if (!id || !current) return fail('not_found');
  const hash = stringArg(args, 'hash');
  if (hash !== undefined && hash !== current.hash) return fail('hash_conflict');
  return openView(state, args, id);
}

/** Every method the fake implements, by Slack method name. */
export const fakeSlackMethods: Readonly<Record<string, FakeMethod>> = {
  'auth.test': () => ({ ok: true, url: 'https://fake.slack.example/', team: 'Fake', user: 'pax8bot', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' }),
  'users.info': (state, args) => userInfo(state, stringArg(args, 'user') ?? ''),
  'users.lookupByEmail': (state, args) => {
    const email = stringArg(args, 'email')?.toLowerCase();
    const user = [...state.users.values()].find((u) => u.email?.toLowerCase() === email);
    return user ? userInfo(state, user.id) : fail('users_not_found');
  },
  'conversations.open': (state, args) => {
    const users = stringArg(args, 'users')?.split(',') ?? [];
    const [first] = users;
    if (users.length !== 1 || !first || !state.users.has(first)) return fail('user_not_found');
    return { ok: true, channel: { id: dmChannelOf(first) } };
  },
  'chat.postMessage': (state, args) => post(state, args),
  'chat.postEphemeral': (state, args) => {
    const user = stringArg(args, 'user');
    return user ? post(state, args, user) : fail('user_not_in_channel');
  },
  'chat.update': (state, args) => {
    const message = state.find(stringArg(args, 'channel') ?? '', stringArg(args, 'ts') ?? '');
    if (!message) return fail('message_not_found');
    message.text = stringArg(args, 'text') ?? message.text;
    message.blocks = blocksOf(args);
    return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
  },
  'chat.delete': (state, args) => {
    const channel = stringArg(args, 'channel') ?? '';
    const list = state.channels.get(channel);
    const index = list?.findIndex((m) => m.ts === stringArg(args, 'ts')) ?? -1;
    if (!list || index < 0) return fail('message_not_found');
    const [removed] = list.splice(index, 1);
    return { ok: true, channel, ts: removed?.ts };
  },
  'views.open': (state, args) => openView(state, args),
  'views.update': updateView,
};
