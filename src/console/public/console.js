// The local console page: one person at a time (the user switcher) acts in a Teams pane and a Slack
// pane that show what the bot posted in the fake workspaces, live. See src/console/ for the server.

import { get, listen } from './console-client.js';
import { createSidePanels } from './side-panels.js';
import { createTenantPanel } from './tenant-panel.js';
import { createSlackPane } from './slack-pane.js';
import { createTeamsPane } from './teams-pane.js';

const key = (m) => `${m.platform}\u0000${m.conversationId}\u0000${m.id}`;

/** Shared page state; panes read it and call `app.changed()` after they change it. */
const app = {
  people: [],
  conversations: { slack: [], teams: [] },
  messages: new Map(),
  modals: [],
  person: localStorage.getItem('console.person') ?? 'tech',
  sandbox: false,
  examples: [],
  listeners: new Set(),
  /** Messages of a conversation the current person may see, oldest first. */
  messagesIn(platform, conversationId) {
    return [...this.messages.values()]
      .filter((m) => m.platform === platform && m.conversationId === conversationId && (m.visibleTo === undefined || m.visibleTo === this.person))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  },
  currentPerson() {
    return this.people.find((p) => p.key === this.person) ?? this.people[0];
  },
  changed(what = 'messages') {
    for (const listener of this.listeners) listener(what);
  },
};

function apply(event) {
  if (event.type === 'message') {
    const previous = app.messages.get(key(event.message));
    if (!previous || previous.version <= event.message.version) app.messages.set(key(event.message), event.message);
    app.changed('messages');
  } else if (event.type === 'deleted') {
    app.messages.delete(key(event));
    app.changed('messages');
  } else if (event.type === 'modal') {
    app.modals = [...app.modals.filter((m) => m.viewId !== event.modal.viewId), event.modal];
    app.changed('modal');
  } else if (event.type === 'changed') {
    app.changed(event.what);
  }
}

function personSwitcher() {
  const select = document.querySelector('[data-testid="person"]');
  select.innerHTML = '';
  for (const p of app.people) {
    const option = new Option(`${p.name} (${p.role}, ${p.email})`, p.key, false, p.key === app.person);
    select.append(option);
  }
  select.addEventListener('change', () => {
    app.person = select.value;
    localStorage.setItem('console.person', app.person);
    app.changed('person');
  });
}

async function start() {
  let connected = false;
  listen(apply, () => {
    if (connected) void load();
    connected = true;
  });
  await load();
  personSwitcher();
  createTeamsPane(document.querySelector('[data-pane="teams"]'), app);
  createSlackPane(document.querySelector('[data-pane="slack"]'), app);
  createSidePanels(document, app);
  createTenantPanel(document, app);
  document.body.dataset.ready = 'true';
}

async function load() {
  const state = await get('state');
  app.people = state.people;
  if (!app.people.some((p) => p.key === app.person)) app.person = app.people[0]?.key;
  app.conversations = state.conversations;
  app.sandbox = state.sandbox;
  app.examples = state.examples;
  for (const m of state.messages) {
    const previous = app.messages.get(key(m));
    if (!previous || previous.version <= m.version) app.messages.set(key(m), m);
  }
  app.changed('messages');
}

start().catch((error) => {
  const p = document.createElement('p');
  p.className = 'fatal';
  p.textContent = `The console could not start: ${String(error.message ?? error)}`;
  document.body.prepend(p);
});
