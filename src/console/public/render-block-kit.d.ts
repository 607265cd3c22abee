// Types of render-block-kit.js, for the unit tests that run it under Node.
export function escapeHtml(text: string): string;
export function mrkdwnToHtml(text: string): string;
export function plainTextToHtml(text: string): string;
export function renderBlock(block: unknown): string;
export function renderMessage(message: { text?: string; blocks?: readonly unknown[] }): string;
export interface InputLike {
  readonly dataset: { readonly blockId?: string; readonly actionId?: string; readonly type?: string };
  readonly value: string;
  readonly selectedOptions?: ArrayLike<{ readonly value: string; readonly textContent: string | null }>;
}
export function collectInputValues(elements: Iterable<InputLike>): Record<string, Record<string, unknown>>;
