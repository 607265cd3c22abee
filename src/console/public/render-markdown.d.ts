// Types of render-markdown.js, for the unit tests that run it under Node.
export function markdownToHtml(text: string): string;
