// The Teams pane: Adaptive Cards drawn by the official renderer (window.AdaptiveCards, the package's
// browser bundle) with a Teams-like Host Config. Action.Execute sends an `adaptiveCard/action`
// invoke, and a card whose `refresh.userIds` names the current person is refreshed for them, as
// Teams does (Universal Actions user-specific views); the card the bot answers is shown to that
// person only, until the message changes. Every answer to a click is shown, even a card identical
// to the one on screen (it is drawn again) or a message or error instead of a card (shown under
// the card, as Teams shows it).

import { post } from './console-client.js';
import { createPaneFrame, messageShell } from './pane-frame.js';
import { markdownToHtml } from './render-markdown.js';
import { escapeHtml } from './render-block-kit.js';
import { teamsHostConfig } from './teams-host-config.js';

const AC = window.AdaptiveCards;
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdownToHtml(text);
  result.didProcess = true;
};
const hostConfig = new AC.HostConfig(teamsHostConfig);
const adaptiveType = 'application/vnd.microsoft.card.adaptive';

export function createTeamsPane(root, app) {
  /**
   * What the bot answered one person about one version of a message, `${messageId}:${version}:${person}`
   * → `{ card, note, isError, seq }`: the card they now see (or undefined: the posted one), a line to
   * show under it, and a number that changes with every answer, so a repeated answer is drawn again.
   */
  const answers = new Map();
  let answerSeq = 0;
  const refreshing = new Set();
  const rendered = new Map();
  const frame = createPaneFrame(root, app, 'teams', {
    placeholder: 'Type a command, e.g. help',
    send: (conversationId, text) => post('teams/say', { person: app.person, conversationId, text }),
    onSelect: render,
  });

  const personalKey = (m) => `${m.id}:${m.version}:${app.person}`;

  /** Records an answer to a click on `message`: a new card replaces this person's; a line keeps the card as it was. */
  function answered(message, { card, note, isError = false }) {
    const k = personalKey(message);
    answers.set(k, { card: card ?? answers.get(k)?.card, note, isError, seq: (answerSeq += 1) });
    render();
    // The answer must be seen: a new card says what happened at its top, a line sits under the card.
    const el = rendered.get(message.id)?.el;
    const target = card ? el : (el?.querySelector('.invoke-note') ?? el);
    if (target && el?.isConnected) target.scrollIntoView({ block: card ? 'start' : 'nearest' });
  }

  function execute(message, action) {
    const body = { person: app.person, conversationId: message.conversationId, messageId: message.id, trigger: 'manual', action: { verb: action.verb ?? '', data: action.data ?? {}, id: action.id, title: action.title } };
    post('teams/action', body)
      .then((answer) => {
        if (answer.card) answered(message, { card: answer.card });
        else if (answer.message) answered(message, { note: answer.message });
        else if (answer.error) answered(message, { note: answer.error, isError: true });
        else answered(message, {});
      })
      .catch((err) => answered(message, { note: err.message, isError: true }));
  }

  /** Asks the bot for this person's view of a card whose refresh names them. */
  function refresh(message, card) {
    const k = personalKey(message);
    if (answers.has(k) || refreshing.has(k)) return;
    const person = app.currentPerson();
    if (!card.refresh?.action || !(card.refresh.userIds ?? []).includes(person.teams.id)) return;
    refreshing.add(k);
    const { verb, data } = card.refresh.action;
    post('teams/action', { person: app.person, conversationId: message.conversationId, messageId: message.id, trigger: 'automatic', action: { verb, data: data ?? {} } })
      .then((answer) => {
        if (answer.card && !answers.has(k)) answers.set(k, { card: answer.card, seq: (answerSeq += 1) });
      })
      .finally(() => {
        refreshing.delete(k);
        render();
      });
  }

  function cardElement(message, json) {
    const card = new AC.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.onExecuteAction = (action) => {
      if (action instanceof AC.ExecuteAction || action instanceof AC.SubmitAction) execute(message, { verb: action.verb, data: action.data, id: action.id, title: action.title });
      else if (action instanceof AC.OpenUrlAction && /^https?:/i.test(action.url ?? '')) window.open(action.url, '_blank', 'noopener');
    };
    card.parse(json);
    const el = card.render();
    const wrapper = document.createElement('div');
    wrapper.className = 'ac-wrapper';
    wrapper.append(el ?? document.createTextNode('(this card could not be rendered)'));
    return wrapper;
  }

  function node(message) {
    const cards = (message.attachments ?? []).filter((a) => a.contentType === adaptiveType);
    const answer = answers.get(personalKey(message));
    const own = answer?.card;
    const cacheKey = `${message.id}:${message.version}:${app.person}:${answer ? answer.seq : 'posted'}`;
    const cached = rendered.get(message.id);
    if (cached?.key === cacheKey) return cached.el;
    const { el, body } = messageShell(app, message, { botName: 'Pax8' });
    el.dataset.conversationId = message.conversationId;
    if (message.text) body.insertAdjacentHTML('beforeend', `<div class="md">${markdownToHtml(message.text.replace(/<at>(.*?)<\/at>/g, '@$1'))}</div>`);
    cards.forEach((a, i) => {
      const json = i === 0 && own ? own : a.content;
      body.append(cardElement(message, json));
      if (i === 0 && !answer) refresh(message, a.content);
    });
    if (answer?.note) {
      const note = document.createElement('div');
      note.className = `invoke-note${answer.isError ? ' invoke-error' : ''}`;
      note.setAttribute('role', answer.isError ? 'alert' : 'status');
      note.dataset.testid = 'teams-answer';
      note.textContent = answer.note;
      body.append(note);
    }
    const others = (message.attachments ?? []).length - cards.length;
    if (others > 0) body.insertAdjacentHTML('beforeend', `<div class="msg-note">${escapeHtml(String(others))} attachment(s) the console does not draw</div>`);
    rendered.set(message.id, { key: cacheKey, el });
    return el;
  }

  function render() {
    frame.renderNav();
    frame.show(app.messagesIn('teams', frame.selected()).map(node));
  }

  app.listeners.add((what) => {
    if (what === 'messages' || what === 'person') render();
  });
  render();
}
