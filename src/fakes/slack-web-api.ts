/**
 * A stand-in for the Slack Web API over real HTTP, for tests, benchmarks and the local console:
 * the bot's Bolt client is pointed at it with `SLACK_API_URL`, and it answers like Slack
 * (`{ ok: true, ... }` or `{ ok: false, error }`, always HTTP 200), remembers what the channels
 * show now, and records every call in order so tests assert on what the bot really sent.
 *
 * Use: `createFakeSlackWebApi({ botToken, users })` gives a `(req, res)` handler to mount on any
 * `node:http` server (the console mounts it under `/console/slack/api/`); `startFakeSlackWebApi`
 * runs it on its own server. The method is the last path segment, so any mount prefix works.
 * `responseUrl(channel, user)` makes a `response_url` that lands here (slash command and button
 * payloads carry one); `on('change', call => ...)` fires after every call, for a live view.
 * With `socketMode`, it also plays Slack's Socket Mode (`slack-socket-mode.ts`): it answers
 * `apps.connections.open` for the app-level token, and `startFakeSlackWebApi` serves the
 * WebSocket end on the same port.
 *
 * @see https://api.slack.com/web#responses
 * @see https://api.slack.com/interactivity/handling#message_responses
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { readBodyText } from '../http/read-body-text.ts';
import { fakeSlackMethods } from './slack-fake-methods.ts';
import { type FakeSlackCall, type FakeSlackMessage, type FakeSlackSnapshot, FakeSlackState, type FakeSlackUser, type FakeSlackView, type SlackResult, jsonArg, stringArg } from './slack-fake-state.ts';
import { createFakeSlackSocketMode, type FakeSlackSocketMode, type FakeSlackSocketModeOptions } from './slack-socket-mode.ts';

export type { FakeSlackCall, FakeSlackMessage, FakeSlackSnapshot, FakeSlackUser, FakeSlackView };
export type { FakeSlackSocketMode, FakeSlackSocketModeOptions };
export { dmChannelOf } from './slack-fake-state.ts';

export interface FakeSlackWebApiOptions {
  /** The bot token requests must carry (`Authorization: Bearer ...`); others get `invalid_auth`. */
  readonly botToken: string;
  /** Users `users.info` and `users.lookupByEmail` know. */
  readonly users?: readonly FakeSlackUser[];
  /** Where the handler is reachable, ending in `/` (response URLs are built from it); settable later. */
  readonly baseUrl?: string;
  /** Plays Socket Mode too, for this app-level token (see `slack-socket-mode.ts`). */
  readonly socketMode?: FakeSlackSocketModeOptions;
}

export interface FakeSlackWebApi {
  /** The HTTP handler: Web API methods by last path segment, and `response_url` posts. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Every call so far, in order. */
  readonly calls: FakeSlackCall[];
  /** Calls of one method (`chat.update`, `response_url`, ...). */
  callsOf(method: string): FakeSlackCall[];
  /** The messages a channel shows now, oldest first (ephemeral ones carry `visibleTo`). */
  messages(channel: string): readonly FakeSlackMessage[];
  /** A `response_url` for a command typed by `user` in `channel`; with `messageTs` it targets that message (buttons). */
  responseUrl(channel: string, user: string, messageTs?: string): string;
  /** Makes the next call of `method` answer `{ ok: false, error }` (e.g. `not_in_channel`). */
  failNext(method: string, error: string): void;
  addUser(user: FakeSlackUser): void;
  /** The channels' messages (the newest `maxMessages`) and id counters, to keep across a restart. */
  snapshot(maxMessages: number): FakeSlackSnapshot;
  /** Puts back a {@link snapshot}: the channels show those messages, and new ids follow the old ones. */
  restore(snapshot: FakeSlackSnapshot): void;
  /**
   * Changes a known user's profile from now on, as a Slack admin editing it would (e.g. the e-mail,
   * which roles are keyed by). Throws for an unknown user id.
   */
  updateUser(id: string, changes: Partial<Omit<FakeSlackUser, 'id'>>): void;
  baseUrl: string;
  /** Socket Mode, when the fake was made with `socketMode`. */
  readonly socketMode: FakeSlackSocketMode | undefined;
  /** A modal as it stands now (its last version and `hash`), or undefined once closed or never opened. */
  view(id: string): FakeSlackView | undefined;
  /**
   * Does with a modal what Slack does with the bot's answer to its `view_submission`: `update`
   * shows the answer's view (a new version, a new `hash`), `errors` leaves it open as it is, and
   * an empty answer (or `clear`) closes it.
   * @see https://api.slack.com/surfaces/modals#updating_response
   */
  answerSubmission(viewId: string, answer: unknown): void;
  /** Files uploaded with `files.getUploadURLExternal` + upload + `files.completeUploadExternal`, with where they were shared. */
  files(): readonly FakeSlackFile[];
  on(event: 'change', listener: (call: FakeSlackCall) => void): void;
  off(event: 'change', listener: (call: FakeSlackCall) => void): void;
}

/** A file uploaded through Slack's external upload flow. */
export interface FakeSlackFile {
  readonly id: string;
  readonly filename: string;
  readonly length: number;
  /** What was posted to the upload URL (the file's bytes as text). */
  content: string | undefined;
  /** Set by `files.completeUploadExternal`. */
  channel: string | undefined;
  title: string | undefined;
  initialComment: string | undefined;
}

/** The file's bytes from an upload body: the first part of a multipart body, else the body itself. */
function uploadedContent(raw: string, contentType: string): string {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return raw;
  const part = raw.split(`--${marker}`)[1] ?? '';
  const start = part.indexOf('\r\n\r\n');
  return start < 0 ? part : part.slice(start + 4).replace(/\r\n$/, '');
}

interface ResponseTarget {
  channel: string;
  user: string;
  messageTs: string | undefined;
}

/** Builds the fake; see the module comment. */
export function createFakeSlackWebApi(options: FakeSlackWebApiOptions): FakeSlackWebApi {
  const state = new FakeSlackState(options.users ?? []);
  const events = new EventEmitter();
  const calls: FakeSlackCall[] = [];
  const failures = new Map<string, string>();
  const targets = new Map<string, ResponseTarget>();
  const socketMode = options.socketMode ? createFakeSlackSocketMode(options.socketMode) : undefined;
  let responseCounter = 0;
  const files = new Map<string, FakeSlackFile>();

  /**
   * Slack's file upload flow: `files.getUploadURLExternal` gives an upload URL and a file id, the file
   * is posted there, and `files.completeUploadExternal` shares it in a channel.
   * @see https://api.slack.com/methods/files.getUploadURLExternal
   */
  function fileMethod(method: string, args: Record<string, unknown>): SlackResult | undefined {
    if (method === 'files.getUploadURLExternal') {
      const filename = stringArg(args, 'filename');
      const length = Number(stringArg(args, 'length') ?? args['length']);
      if (!filename || !Number.isInteger(length) || length < 1) return { ok: false, error: 'invalid_arguments' };
      const id = `F0${String(files.size + 1).padStart(8, '0')}`;
      files.set(id, { id, filename, length, content: undefined, channel: undefined, title: undefined, initialComment: undefined });
      return { ok: true, upload_url: `${fake.baseUrl}__upload/${id}`, file_id: id };
    }
    if (method === 'files.completeUploadExternal') {
      const listed = jsonArg(args['files']);
      if (!Array.isArray(listed) || listed.length === 0) return { ok: false, error: 'invalid_arguments' };
      const done: FakeSlackFile[] = [];
      for (const entry of listed as { id?: string; title?: string }[]) {
        const file = entry.id ? files.get(entry.id) : undefined;
        if (!file || file.content === undefined) return { ok: false, error: 'file_not_found' };
        file.title = entry.title ?? file.filename;
        file.channel = stringArg(args, 'channel_id') ?? stringArg(args, 'channels');
        file.initialComment = stringArg(args, 'initial_comment');
        done.push(file);
      }
      return { ok: true, files: done.map((f) => ({ id: f.id, title: f.title, name: f.filename })) };
    }
    return undefined;
  }

  function record(method: string, args: Record<string, unknown>, response: SlackResult): SlackResult {
    const call: FakeSlackCall = { method, args, response, at: Date.now() };
    calls.push(call);
    events.emit('change', call);
    return response;
  }

  function call(method: string, args: Record<string, unknown>, auth: string | undefined): SlackResult {
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      return { ok: false, error: failure };
    }
    if (!auth) return { ok: false, error: 'not_authed' };
    // Socket Mode takes the app-level token, and the app-level token opens nothing else.
    const tokenKind = auth === `Bearer ${options.botToken}` ? 'bot' : socketMode && auth === `Bearer ${options.socketMode?.appToken}` ? 'app' : undefined;
    if (method === 'apps.connections.open') return tokenKind === 'bot' ? { ok: false, error: 'not_allowed_token_type' } : (socketMode?.openConnection(auth) ?? { ok: false, error: 'invalid_auth' });
    if (tokenKind === 'app') return { ok: false, error: 'not_allowed_token_type' };
    if (tokenKind !== 'bot') return { ok: false, error: 'invalid_auth' };
    const fileAnswer = fileMethod(method, args);
    if (fileAnswer) return fileAnswer;
    const implementation = fakeSlackMethods[method];
    return implementation ? implementation(state, args) : { ok: false, error: 'unknown_method' };
  }

  function respond(id: string, args: Record<string, unknown>): SlackResult {
    const target = targets.get(id);
    if (!target) return { ok: false, error: 'expired_url' };
    const original = target.messageTs ? state.find(target.channel, target.messageTs) : undefined;
    if (args['delete_original'] === true && original) {
      const list = state.messagesIn(target.channel);
      list.splice(list.indexOf(original), 1);
      return { ok: true };
    }
    const text = stringArg(args, 'text') ?? '';
    const blocks = Array.isArray(jsonArg(args['blocks'])) ? (jsonArg(args['blocks']) as unknown[]) : [];
    if (args['replace_original'] === true && original) {
      original.text = text;
      original.blocks = blocks;
      return { ok: true };
    }
    const inChannel = args['response_type'] === 'in_channel';
    const message = state.add({ channel: target.channel, ts: state.nextTs(), text, blocks, ...(inChannel ? {} : { visibleTo: target.user }) });
    // Later responses through the same URL replace this one, as Slack does for slash command responses.
    target.messageTs = message.ts;
    return { ok: true };
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const upload = /__upload\/([^/]+)$/.exec(new URL(req.url ?? '/', 'http://fake').pathname)?.[1];
    if (upload) {
      readBodyText(req, maxBodyBytes)
        .then((raw) => {
          const file = files.get(upload);
          if (file) file.content = uploadedContent(raw, req.headers['content-type'] ?? '');
          record('file_upload', { fileId: upload }, { ok: Boolean(file) });
          res.writeHead(file ? 200 : 404, { 'content-type': 'text/plain' });
          res.end(file ? `OK - ${raw.length}` : 'not found');
        })
        .catch(() => res.writeHead(400).end());
      return;
    }
    readArgs(req)
      .then((args) => {
        const path = new URL(req.url ?? '/', 'http://fake').pathname;
        const response = path.match(/__response\/([^/]+)$/);
        const method = path.split('/').filter((s) => s !== '').pop() ?? '';
        const result = response?.[1] ? record('response_url', { ...args, target: targets.get(response[1]) }, respond(response[1], args)) : record(method, args, call(method, args, req.headers.authorization));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      })
      .catch((error: unknown) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'invalid_form_data', detail: String(error) }));
      });
  };

  const fake: FakeSlackWebApi = {
    handler,
    calls,
    baseUrl: options.baseUrl ?? 'http://127.0.0.1/',
    socketMode,
    callsOf: (method) => calls.filter((c) => c.method === method),
    messages: (channel) => state.channels.get(channel) ?? [],
    responseUrl(channel, user, messageTs) {
      responseCounter += 1;
      const id = `r${responseCounter}`;
      targets.set(id, { channel, user, messageTs });
      return `${fake.baseUrl}__response/${id}`;
    },
    failNext: (method, error) => void failures.set(method, error),
    addUser: (user) => void state.users.set(user.id, user),
    snapshot: (maxMessages) => state.snapshot(maxMessages),
    restore: (snapshot) => state.restore(snapshot),
    updateUser(id, changes) {
      const user = state.users.get(id);
      if (!user) throw new Error(`the fake Slack has no user ${id}`);
      state.users.set(id, { ...user, ...changes });
    },
    files: () => [...files.values()],
    view: (id) => state.views.get(id),
    answerSubmission(viewId, answer) {
      if (!state.views.has(viewId)) return;
      const action = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
      const view = action['view'];
      if (action['response_action'] === 'update' && typeof view === 'object' && view !== null) state.putView(viewId, view as Record<string, unknown>);
      else if (action['response_action'] !== 'errors' && action['response_action'] !== 'push') state.views.delete(viewId);
    },
    on: (event, listener) => void events.on(event, listener),
    off: (event, listener) => void events.off(event, listener),
  };
  return fake;
}

/** Far above any call the bot makes; Slack itself refuses much smaller bodies. */
const maxBodyBytes = 10_000_000;

async function readArgs(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBodyText(req, maxBodyBytes);
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://fake').searchParams);
  if (raw === '') return query;
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed = JSON.parse(raw) as unknown;
    return typeof parsed === 'object' && parsed !== null ? { ...query, ...(parsed as Record<string, unknown>) } : query;
  }
  return { ...query, ...Object.fromEntries(new URLSearchParams(raw)) };
}

/** The fake on its own server (port 0 by default); `apiUrl` is what `SLACK_API_URL` should be. */
export async function startFakeSlackWebApi(options: FakeSlackWebApiOptions, port = 0): Promise<{ fake: FakeSlackWebApi; apiUrl: string; close(): Promise<void> }> {
  const fake = createFakeSlackWebApi(options);
  const server = createServer(fake.handler);
  const { socketMode } = fake;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => (socketMode ? socketMode.upgrade(req, socket, head) : socket.destroy()));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiUrl = `http://${address}/api/`;
  fake.baseUrl = apiUrl;
  if (socketMode) socketMode.wsBaseUrl = `ws://${address}/`;
  return {
    fake,
    apiUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        socketMode?.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
