// What the Teams and Slack panes share: the conversation list (channels everyone sees and the
// current person's own chat with the bot), the message list and the command box.

import { escapeHtml } from './render-block-kit.js';

/**
 * Builds a pane's frame inside `root` and returns its parts. `send(conversationId, text)` runs when
 * the person presses Enter; `onSelect` when another conversation is chosen.
 */
export function createPaneFrame(root, app, platform, { placeholder, send, onSelect }) {
  root.innerHTML = `
    <nav class="conversations" data-testid="${platform}-conversations"><div class="pane-label">${platform === 'teams' ? 'Microsoft Teams' : 'Slack'}</div><div class="conversation-links"></div></nav>
    <section class="conversation">
      <header class="conversation-title"></header>
      <div class="messages" data-testid="${platform}-messages"></div>
      <form class="composer">
        <input type="text" autocomplete="off" data-testid="${platform}-command" placeholder="${escapeHtml(placeholder)}">
        <button type="submit">Send</button>
      </form>
      <div class="examples">Try: ${app.examples.map((e) => `<button type="button" class="example">${escapeHtml(e)}</button>`).join('')}</div>
      <p class="pane-error" role="alert" hidden></p>
    </section>`;
  const nav = root.querySelector('.conversation-links');
  const title = root.querySelector('.conversation-title');
  const list = root.querySelector('.messages');
  const form = root.querySelector('.composer');
  const input = form.querySelector('input');
  const error = root.querySelector('.pane-error');
  // A channel to type in first: commands typed in the approvals channel are answered privately.
  const initial = app.conversations[platform].find((c) => c.kind === 'channel');
  let selected = localStorage.getItem(`console.${platform}.conversation`) ?? initial?.id;

  function visible() {
    return app.conversations[platform].filter((c) => c.kind !== 'personal' || c.owner === app.person);
  }

  function renderNav() {
    const conversations = visible();
    if (!conversations.some((c) => c.id === selected)) selected = conversations.find((c) => c.kind === 'personal')?.id ?? conversations[0]?.id;
    nav.innerHTML = conversations
      .map((c) => {
        const unread = app.messagesIn(platform, c.id).length;
        return `<button type="button" class="conversation-link${c.id === selected ? ' selected' : ''}" data-conversation="${escapeHtml(c.id)}" data-kind="${c.kind}">${escapeHtml(c.name)}<span class="count">${unread || ''}</span></button>`;
      })
      .join('');
    const current = conversations.find((c) => c.id === selected);
    title.textContent = current ? current.name : '';
  }

  nav.addEventListener('click', (e) => {
    const button = e.target.closest('[data-conversation]');
    if (!button) return;
    selected = button.dataset.conversation;
    localStorage.setItem(`console.${platform}.conversation`, selected);
    renderNav();
    onSelect();
  });

  root.querySelector('.examples').addEventListener('click', (e) => {
    const example = e.target.closest('.example');
    if (!example) return;
    input.value = example.textContent;
    input.focus();
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (text === '') return;
    input.value = '';
    showError('');
    send(selected, text).catch((err) => showError(err.message));
  });

  function showError(message) {
    error.hidden = message === '';
    error.textContent = message;
  }

  /** Replaces the list's children with `nodes`, keeping the view at the bottom when it was there. */
  function show(nodes) {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren(...nodes);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  renderNav();
  return { list, selected: () => selected, renderNav, show, showError };
}

/** The frame of one message: who, when, and a body element for the pane to fill. */
export function messageShell(app, message, { botName }) {
  const el = document.createElement('article');
  el.className = `msg ${'bot' in message.from ? 'from-bot' : 'from-person'}`;
  el.dataset.messageId = message.id;
  el.dataset.version = String(message.version);
  const person = 'person' in message.from ? app.people.find((p) => p.key === message.from.person) : undefined;
  const author = person ? person.name : botName;
  const time = new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  el.innerHTML = `<div class="avatar">${escapeHtml(author.slice(0, 1))}</div><div class="msg-main"><div class="msg-head"><span class="author">${escapeHtml(author)}</span>${person ? '' : '<span class="app-tag">APP</span>'}<time>${escapeHtml(time)}</time></div><div class="msg-body"></div>${message.visibleTo ? '<div class="msg-note">Only visible to you</div>' : ''}</div>`;
  return { el, body: el.querySelector('.msg-body') };
}
