// The Slack pane: messages drawn from Block Kit, buttons that send `block_actions`, modals that
// send `view_submission`, and a command box that runs `/pax8 …` as a slash command. The server
// builds and signs the payloads (src/console/slack-driver.ts).

import { post } from './console-client.js';
import { createPaneFrame, messageShell } from './pane-frame.js';
import { collectInputValues, escapeHtml, plainTextToHtml, renderBlock, renderMessage } from './render-block-kit.js';

export function createSlackPane(root, app) {
  const rendered = new Map();
  const frame = createPaneFrame(root, app, 'slack', {
    placeholder: '/pax8 help',
    send: (conversationId, text) => post('slack/say', { person: app.person, conversationId, text: text.replace(/^\/pax8\b\s*/, '') }),
    onSelect: render,
  });
  const overlay = document.createElement('div');
  overlay.className = 'modal-overlay';
  overlay.hidden = true;
  root.append(overlay);

  function node(message) {
    const cacheKey = `${message.id}:${message.version}:${message.visibleTo ?? ''}`;
    const cached = rendered.get(message.id);
    if (cached?.key === cacheKey) return cached.el;
    const { el, body } = messageShell(app, message, { botName: 'Pax8' });
    body.innerHTML = renderMessage(message);
    el.dataset.conversationId = message.conversationId;
    rendered.set(message.id, { key: cacheKey, el });
    return el;
  }

  function render() {
    frame.renderNav();
    frame.show(app.messagesIn('slack', frame.selected()).map(node));
  }

  frame.list.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-action-id]');
    const message = e.target.closest('[data-message-id]');
    if (!button || !message) return;
    button.disabled = true;
    post('slack/click', {
      person: app.person,
      conversationId: message.dataset.conversationId,
      messageId: message.dataset.messageId,
      actionId: button.dataset.actionId,
      blockId: button.dataset.blockId ?? '',
      value: button.dataset.value,
      text: button.textContent,
    })
      .catch((err) => frame.showError(err.message))
      .finally(() => {
        button.disabled = false;
      });
  });

  function renderModal() {
    const modal = app.modals.find((m) => m.platform === 'slack' && m.person === app.person);
    overlay.hidden = !modal;
    if (!modal) return overlay.replaceChildren();
    const view = modal.view;
    // novalidate: what is typed goes to the bot, which checks it and answers errors per field, as in Slack.
    overlay.innerHTML = `<form class="modal" novalidate data-testid="slack-modal" data-view-id="${escapeHtml(modal.viewId)}">
      <header class="modal-title">${plainTextToHtml(view.title?.text ?? '')}</header>
      <div class="modal-body">${(view.blocks ?? []).map(renderBlock).join('')}</div>
      <p class="modal-errors" role="alert"></p>
      <footer class="modal-buttons"><button type="button" data-close>${plainTextToHtml(view.close?.text ?? 'Cancel')}</button>${view.submit ? `<button type="submit" class="sk-button sk-primary">${plainTextToHtml(view.submit.text)}</button>` : ''}</footer>
    </form>`;
    const form = overlay.querySelector('form');
    const close = () => {
      app.modals = app.modals.filter((m) => m !== modal);
      renderModal();
    };
    form.querySelector('[data-close]').addEventListener('click', close);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const values = collectInputValues(form.querySelectorAll('[data-action-id][data-type]'));
      post('slack/submit', { person: app.person, viewId: modal.viewId, values })
        .then((answer) => {
          if (answer.errors) showErrors(form, answer.errors);
          // An `update` answer: the modal stays, showing the bot's new view (drawn by the modal event).
          else if (!answer.updated) close();
        })
        .catch((err) => {
          form.querySelector('.modal-errors').textContent = err.message;
        });
    });
  }

  /**
   * `response_action: errors` as Slack shows it: each message under the input block it names, the
   * modal left open with what was typed; a message naming no block of this modal goes on top.
   */
  function showErrors(form, errors) {
    form.querySelectorAll('.sk-input-error').forEach((e) => e.remove());
    const elsewhere = [];
    for (const [blockId, message] of Object.entries(errors)) {
      const block = [...form.querySelectorAll('.sk-input-block')].find((b) => b.dataset.blockId === blockId);
      if (!block) {
        elsewhere.push(message);
        continue;
      }
      const line = document.createElement('span');
      line.className = 'sk-input-error';
      line.setAttribute('role', 'alert');
      line.textContent = message;
      block.append(line);
    }
    form.querySelector('.modal-errors').textContent = elsewhere.join(' ');
    form.querySelector('.sk-input-error')?.closest('.sk-input-block')?.scrollIntoView({ block: 'nearest' });
  }

  app.listeners.add((what) => {
    if (what === 'messages' || what === 'person') render();
    if (what === 'modal' || what === 'person') renderModal();
  });
  render();
  renderModal();
}
