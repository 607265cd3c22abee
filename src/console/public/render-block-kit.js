// Block Kit to HTML for the console's Slack pane: the blocks the bot emits (src/cards/block-kit.ts),
// drawn the way Slack draws them, simply. Pure functions from data to an HTML string, so they run in
// the browser and in unit tests alike. Every piece of text is escaped: messages carry Pax8 and user
// data. https://api.slack.com/reference/block-kit/blocks

const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML text and attribute values. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => entities[c]);
}

function safeUrl(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : undefined;
}

/**
 * Slack mrkdwn to HTML: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ``` blocks, `>` quotes,
 * `<url|label>` links and `<@U…>` mentions. Slack text arrives with `&`, `<`, `>` as entities; they
 * are decoded once and everything is escaped again, so no text can become markup.
 */
export function mrkdwnToHtml(text) {
  const tokens = [];
  const hold = (html) => `\uE000${tokens.push(html) - 1}\uE000`;
  let s = String(text).replace(/\uE000/g, '');
  s = s.replace(/```([\s\S]*?)```/g, (_m, code) => hold(`<pre>${escapeHtml(decode(code))}</pre>`));
  s = s.replace(/<([^<>|]+)(?:\|([^<>]*))?>/g, (_m, target, label) => {
    if (target.startsWith('@')) return hold(`<span class="mention">@${escapeHtml(label ?? target.slice(1))}</span>`);
    if (target.startsWith('!')) return hold(`<span class="mention">@${escapeHtml(label ?? target.slice(1))}</span>`);
    if (target.startsWith('#')) return hold(`<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`);
    const url = safeUrl(decode(target));
    const shown = escapeHtml(decode(label ?? target));
    return hold(url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${inline(shown)}</a>` : shown);
  });
  s = s.replace(/`([^`\n]+)`/g, (_m, code) => hold(`<code>${escapeHtml(decode(code))}</code>`));
  const lines = escapeHtml(decode(s)).split('\n');
  const html = lines.map((line) => (line.startsWith('&gt; ') || line === '&gt;' ? `<blockquote>${inline(line.replace(/^&gt; ?/, ''))}</blockquote>` : inline(line))).join('<br>');
  return html.replace(/\uE000(\d+)\uE000/g, (_m, i) => tokens[Number(i)] ?? '');
}

function decode(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function inline(html) {
  return html
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1<b>$2</b>')
    .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/g, '$1<i>$2</i>')
    .replace(/(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g, '$1<s>$2</s>');
}

/** Slack plain_text to HTML: Slack decodes `&amp;`, `&lt;` and `&gt;` there as in mrkdwn (the bot escapes both). */
export function plainTextToHtml(text) {
  return escapeHtml(decode(text));
}

function textObject(t) {
  if (!t) return '';
  return t.type === 'mrkdwn' ? mrkdwnToHtml(t.text) : plainTextToHtml(t.text);
}

function button(element, blockId) {
  const style = element.style ? ` sk-${element.style}` : '';
  const attrs = [
    `data-action-id="${escapeHtml(element.action_id)}"`,
    `data-block-id="${escapeHtml(blockId ?? '')}"`,
    element.value === undefined ? '' : `data-value="${escapeHtml(element.value)}"`,
  ].join(' ');
  if (element.url && safeUrl(element.url)) {
    return `<a class="sk-button${style}" href="${escapeHtml(element.url)}" target="_blank" rel="noopener noreferrer">${plainTextToHtml(element.text.text)}</a>`;
  }
  return `<button type="button" class="sk-button${style}" ${attrs}>${plainTextToHtml(element.text.text)}</button>`;
}

function options(list, selected) {
  const chosen = new Set((selected ?? []).map((o) => o.value));
  return list.map((o) => `<option value="${escapeHtml(o.value)}"${chosen.has(o.value) ? ' selected' : ''}>${plainTextToHtml(o.text.text)}</option>`).join('');
}

function inputElement(block) {
  const e = block.element;
  const name = `data-block-id="${escapeHtml(block.block_id)}" data-action-id="${escapeHtml(e.action_id)}" data-type="${escapeHtml(e.type)}"`;
  const placeholder = e.placeholder ? ` placeholder="${plainTextToHtml(e.placeholder.text)}"` : '';
  const initial = e.initial_value === undefined ? '' : escapeHtml(e.initial_value);
  switch (e.type) {
    case 'plain_text_input':
      return e.multiline ? `<textarea class="sk-input" ${name}${placeholder}>${initial}</textarea>` : `<input class="sk-input" type="text" ${name}${placeholder} value="${initial}">`;
    case 'number_input':
      return `<input class="sk-input" type="number" ${name}${placeholder} value="${initial}"${e.is_decimal_allowed ? ' step="any"' : ''}>`;
    case 'datepicker':
      return `<input class="sk-input" type="date" ${name} value="${escapeHtml(e.initial_date ?? '')}">`;
    case 'static_select':
    case 'radio_buttons':
      return `<select class="sk-input" ${name}><option value=""></option>${options(e.options, e.initial_option ? [e.initial_option] : [])}</select>`;
    case 'multi_static_select':
    case 'checkboxes':
      return `<select class="sk-input" multiple ${name}>${options(e.options, e.initial_options)}</select>`;
    default:
      return `<span class="sk-unsupported">(${escapeHtml(e.type)})</span>`;
  }
}

/** One block as HTML; unknown block types show their type, so a gap in this renderer is visible. */
export function renderBlock(block) {
  switch (block.type) {
    case 'header':
      return `<div class="sk-header">${plainTextToHtml(block.text.text)}</div>`;
    case 'section': {
      const text = block.text ? `<div class="sk-text">${textObject(block.text)}</div>` : '';
      const fields = block.fields?.length ? `<div class="sk-fields">${block.fields.map((f) => `<div class="sk-field">${textObject(f)}</div>`).join('')}</div>` : '';
      const accessory = block.accessory?.type === 'button' ? `<div class="sk-accessory">${button(block.accessory, block.block_id)}</div>` : '';
      return `<div class="sk-section"><div class="sk-section-main">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="sk-context">${block.elements.map((e) => (e.type === 'image' ? `<img class="sk-context-image" src="${escapeHtml(safeUrl(e.image_url) ?? '')}" alt="${plainTextToHtml(e.alt_text)}">` : `<span>${textObject(e)}</span>`)).join('')}</div>`;
    case 'divider':
      return '<hr class="sk-divider">';
    case 'image':
      return `<img class="sk-image" src="${escapeHtml(safeUrl(block.image_url) ?? '')}" alt="${plainTextToHtml(block.alt_text)}">`;
    case 'actions':
      return `<div class="sk-actions">${block.elements.map((e) => (e.type === 'button' ? button(e, block.block_id) : `<span class="sk-unsupported">(${escapeHtml(e.type)})</span>`)).join('')}</div>`;
    case 'input':
      return `<label class="sk-input-block" data-block-id="${escapeHtml(block.block_id ?? '')}"><span class="sk-label">${plainTextToHtml(block.label.text)}${block.optional ? ' <span class="sk-optional">(optional)</span>' : ''}</span>${inputElement(block)}</label>`;
    default:
      return `<div class="sk-unsupported">(${escapeHtml(block.type)} block)</div>`;
  }
}

/** A message: its blocks, or its text when it has none (as Slack shows a text-only message). */
export function renderMessage(message) {
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  if (blocks.length === 0) return `<div class="sk-text">${mrkdwnToHtml(message.text ?? '')}</div>`;
  return blocks.map(renderBlock).join('');
}

/** The `state.values` of a modal's input blocks, shaped as Slack sends them in `view_submission`. */
export function collectInputValues(elements) {
  const values = {};
  for (const el of elements) {
    const block = el.dataset.blockId;
    const action = el.dataset.actionId;
    const type = el.dataset.type;
    let value;
    if (type === 'static_select' || type === 'radio_buttons') {
      const o = el.selectedOptions?.[0];
      value = { type, selected_option: o && o.value !== '' ? { text: { type: 'plain_text', text: o.textContent }, value: o.value } : null };
    } else if (type === 'multi_static_select' || type === 'checkboxes') {
      value = { type, selected_options: [...(el.selectedOptions ?? [])].map((o) => ({ text: { type: 'plain_text', text: o.textContent }, value: o.value })) };
    } else if (type === 'datepicker') {
      value = { type, selected_date: el.value === '' ? null : el.value };
    } else {
      value = { type, value: el.value === '' ? null : el.value };
    }
    values[block] = { ...(values[block] ?? {}), [action]: value };
  }
  return values;
}
