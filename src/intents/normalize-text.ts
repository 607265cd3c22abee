/** Longest command text the parser reads; anything longer is answered, not processed. */
export const maxCommandLength = 2000;

const entities: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&nbsp;': ' ' };

/**
 * Turns what a platform delivers into plain command text. Teams sends HTML with `<at>bot</at>`
 * mentions and entities; Slack delivers the text after `/pax8`, sometimes with `<@U123>` mentions;
 * phones turn quotes into smart quotes and spaces into no-break spaces. All of that is undone here,
 * once, so the grammar only ever sees ASCII quotes and single spaces.
 */
export function normalizeCommandText(raw: string): string {
  let text = raw.normalize('NFKC');
  text = text.replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ');
  text = text.replace(/<\/?(?:p|div|span|br)\b[^>]*>/gi, ' ');
  // Slack wraps e-mail addresses and links it recognises: <mailto:a@b.example|a@b.example>, <https://x|x>.
  text = text.replace(/<(?:mailto:|https?:\/\/)([^|>\s]*)\|([^>]*)>/gi, '$2').replace(/<((?:mailto:|https?:\/\/)[^>\s]*)>/gi, (_, link: string) => link.replace(/^mailto:/i, ''));
  text = text.replace(/&(?:amp|lt|gt|quot|apos|nbsp|#39);/g, (entity) => entities[entity] ?? entity);
  text = text.replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"').replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'");
  text = text.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');
  // Control characters become spaces; \s covers the Unicode spaces (NBSP, ideographic space, ...).
  text = text.replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim();
  text = stripLeadingMentions(text);
  return text;
}

/** Drops `/pax8`, `<@U123>` / `<@U123|name>` and `@bot` words in front of the command. */
function stripLeadingMentions(text: string): string {
  let rest = text;
  for (;;) {
    const next = rest.replace(/^(?:\/pax8\b|<@[^>\s]*>|@\S+)\s*/i, '');
    if (next === rest) return rest;
    rest = next;
  }
}
