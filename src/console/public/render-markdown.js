// The markdown subset Adaptive Cards and Teams messages support, to HTML, for the Teams pane:
// **bold**, *italic* / _italic_, [links](https://…), "- " bullets, "1. " numbered lists and line
// breaks. The adaptivecards renderer leaves markdown to the host (it would otherwise need
// markdown-it); text is escaped first, so card data can never become markup.
// https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features

import { escapeHtml } from './render-block-kit.js';

function inline(html) {
  return html
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<b>$1</b>')
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])/g, '$1<i>$2</i>')
    .replace(/(^|[^\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])/g, '$1<i>$2</i>');
}

/** Markdown to HTML; links only to http(s) and mailto. */
export function markdownToHtml(text) {
  const links = [];
  const withoutLinks = String(text).replace(/\uE000/g, '').replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, (_m, label, url) => {
    const safe = /^(https?:|mailto:)/i.test(url);
    links.push(safe ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${inline(escapeHtml(label))}</a>` : inline(escapeHtml(label)));
    return `\uE000${links.length - 1}\uE000`;
  });
  const out = [];
  let list;
  for (const line of withoutLinks.split('\n')) {
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : undefined;
    if (list && list !== kind) out.push(`</${list}>`);
    if (kind && list !== kind) out.push(`<${kind}>`);
    list = kind;
    if (kind) out.push(`<li>${inline(escapeHtml((bullet ?? numbered)[1]))}</li>`);
    else out.push(`${inline(escapeHtml(line))}<br>`);
  }
  if (list) out.push(`</${list}>`);
  return out.join('').replace(/<br>$/, '').replace(/\uE000(\d+)\uE000/g, (_m, i) => links[Number(i)] ?? '');
}
