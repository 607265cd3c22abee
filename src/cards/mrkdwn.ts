/**
 * Adaptive Card markdown → Slack mrkdwn, and the escaping that keeps user text inert.
 *
 * Adaptive Cards support a small markdown subset (bold, italic, links, bullet and numbered lists);
 * Slack's mrkdwn differs (`*bold*`, `_italic_`, `<url|text>`). Every piece of text is escaped
 * first (`&`, `<`, `>` become entities) because text on our cards contains user and Pax8 data, and
 * an unescaped `<!channel>` or `<@U123>` in a company name would ping people.
 *
 * @see https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
import type { PlainText } from './block-kit.ts';

const ellipsis = '…';

/** Escapes the three characters Slack treats as control characters in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Converts Adaptive Card markdown to Slack mrkdwn; all literal text comes out escaped. */
export function toMrkdwn(markdown: string): string {
  const links: string[] = [];
  const clean = markdown.replace(/[\uE000\uE001]/g, '');
  // Links first, out of the way of emphasis rules; the label keeps its own emphasis.
  const withoutLinks = clean.replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => {
    links.push(slackLink(url, convertInline(escapeMrkdwn(label.replace(/\|/g, '¦')))));
    return `\uE000${links.length - 1}\uE000`;
  });
  const converted = withoutLinks
    .split('\n')
    .map((line) => convertLine(escapeMrkdwn(line)))
    .join('\n');
  return converted.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => links[Number(i)] ?? '');
}

/**
 * A link in mrkdwn around an already escaped label. Only web and mail addresses become links: Slack
 * reads `<!here|…>`, `<@U123|…>` and `<#C123|…>` as a mention, so any other target shows the label alone.
 */
export function slackLink(url: string, escapedLabel: string): string {
  if (!/^(?:https?:\/\/|mailto:)/i.test(url)) return escapedLabel;
  return `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${escapedLabel}>`;
}

function convertLine(line: string): string {
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return `*${convertInline(heading[1] ?? '')}*`;
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1] ?? ''}• ${convertInline(bullet[2] ?? '')}`;
  return convertInline(line);
}

function convertInline(text: string): string {
  return text
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '\uE001$1\uE001')
    .replace(/(^|[^*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])/g, '$1_$2_')
    .replace(/\uE001/g, '*');
}

/** Markdown reduced to plain text, for Slack `plain_text` objects (headers, buttons, options). */
export function toPlainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)\s]+\)/g, '$1')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/**
 * Markdown as Slack plain text: no markup, `&`, `<` and `>` escaped, at most `max` characters
 * counted after escaping and never cut inside an entity. Slack decodes the three entities in
 * `plain_text` objects and `text` fallbacks alike, and a raw `<!channel>` in a `text` fallback
 * notifies the whole channel, so every plain text the bot sends to Slack is made here.
 */
export function toSlackPlainText(markdown: string, max: number): string {
  return truncateMrkdwn(escapeMrkdwn(toPlainText(markdown)), max);
}

/** A `plain_text` object (header, button, label, title) from {@link toSlackPlainText}; `fallback` when that is empty. */
export function slackPlainText(markdown: string, max: number, fallback: string): PlainText {
  const text = toSlackPlainText(markdown, max);
  return { type: 'plain_text', text: text === '' ? fallback : text, emoji: true };
}

/**
 * Cuts text to at most `max` UTF-16 units (what Slack counts, conservatively), ending with "…".
 * Never splits a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ellipsis.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, Math.max(0, end)) + ellipsis;
}

/**
 * Like {@link truncate}, but never leaves half an entity (`&am…`) or half a link (`<http://…`)
 * that Slack would show raw.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = truncate(text, max).slice(0, -ellipsis.length);
  const openLink = cut.lastIndexOf('<');
  const safeLink = openLink > cut.lastIndexOf('>') ? cut.slice(0, openLink) : cut;
  const safe = safeLink.replace(/&[a-z]{0,4}$/, '');
  return safe + ellipsis;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
