/** One word of a command; `quoted` when it was written in quotes (then it is one name, never a keyword). */
export interface Token {
  readonly text: string;
  readonly quoted: boolean;
}

const quoteChars = new Set(['"', "'"]);

/**
 * Splits normalised command text into tokens. `"Contoso Ltd"` and `'Contoso Ltd'` are one token;
 * `key="a b"` is one token `key=a b`; an apostrophe inside a word (`O'Brien`) is a letter; an
 * unclosed quote runs to the end of the text rather than failing.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i += 1;
      continue;
    }
    const start = i;
    let value = '';
    let quotedWhole = false;
    while (i < text.length && text[i] !== ' ') {
      const ch = text[i] ?? '';
      const opensQuote = quoteChars.has(ch) && (value === '' || value.endsWith('='));
      if (!opensQuote) {
        value += ch;
        i += 1;
        continue;
      }
      const close = text.indexOf(ch, i + 1);
      const end = close === -1 ? text.length : close;
      quotedWhole = i === start;
      value += text.slice(i + 1, end);
      i = end + 1;
    }
    const trimmed = value.trim();
    if (trimmed !== '' || quotedWhole) tokens.push({ text: trimmed, quoted: quotedWhole });
  }
  return tokens.filter((token) => token.text !== '');
}
