/**
 * Fuzzy name matching, written for names people half-remember: "contoso" for "Contoso Ltd",
 * "e3" for "Microsoft 365 E3", "contsoo" for "Contoso". Scores are in [0, 1]; only their order and
 * the thresholds in {@link pickMatch} matter.
 */

/** Words that do not tell companies apart. */
const noiseWords = new Set(['ltd', 'limited', 'inc', 'llc', 'gmbh', 'corp', 'corporation', 'co', 'company', 'the', 'plc', 'ag', 'sa', 'bv', 'pty']);

/** Longest query text compared; longer input is cut (a hostile 100 kB name cannot stall the bot). */
const maxQueryLength = 120;

/** Lower case, accents dropped, punctuation as spaces. */
export function normalizeName(text: string): string {
  return text
    .slice(0, maxQueryLength * 4)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Levenshtein distance (two rows, O(a·b) time). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? Math.max(a.length, b.length);
}

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

function significant(words: string[]): string[] {
  const kept = words.filter((w) => !noiseWords.has(w));
  return kept.length > 0 ? kept : words;
}

/** How much a match result is worth when comparing ways to read a command: a match counts fully, a near miss less. */
export function matchStrength(result: MatchResult<unknown>): number {
  if (result.kind === 'match') return result.score;
  return result.kind === 'ambiguous' ? 0.8 * (result.candidates[0]?.score ?? 0) : 0.5 * (result.candidates[0]?.score ?? 0);
}

/** How well `query` names `candidate`, from 0 (not at all) to 1 (the same name). */
export function scoreName(query: string, candidate: string): number {
  const q = normalizeName(query).slice(0, maxQueryLength);
  const c = normalizeName(candidate);
  if (q === '' || c === '') return 0;
  if (q === c) return 1;
  const qWords = significant(q.split(' '));
  const cWords = significant(c.split(' '));
  if (qWords.join(' ') === cWords.join(' ')) return 0.97;
  if (c.startsWith(q)) return 0.9 - 0.1 * (1 - q.length / c.length);
  const allPrefixes = qWords.every((w) => cWords.some((cw) => cw.startsWith(w)));
  if (allPrefixes) return 0.75 + 0.1 * (qWords.length / cWords.length);
  if (c.includes(q)) return 0.7;
  const perWord = qWords.map((w) => Math.max(...cWords.map((cw) => similarity(w, cw.slice(0, Math.max(w.length, 1) + 2)))));
  const wordScore = perWord.reduce((sum, s) => sum + s, 0) / perWord.length;
  return Math.max(0.7 * wordScore, 0.65 * similarity(q, c));
}

export interface Scored<T> {
  readonly item: T;
  readonly score: number;
}

/** The outcome of matching a name against a list: one item, several close ones, or none. */
export type MatchResult<T> =
  | { readonly kind: 'match'; readonly item: T; readonly score: number }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly Scored<T>[] }
  | { readonly kind: 'unknown'; readonly candidates: readonly Scored<T>[] };

/**
 * Chooses among scored items: an id typed in full always wins; a single exact name wins; a clear
 * leader wins; otherwise the closest few come back so the technician can pick.
 */
export function pickMatch<T>(query: string, items: readonly T[], idOf: (item: T) => string, namesOf: (item: T) => readonly string[], limit = 5): MatchResult<T> {
  const trimmed = query.trim();
  const byId = items.find((item) => idOf(item).toLowerCase() === trimmed.toLowerCase());
  if (byId !== undefined) return { kind: 'match', item: byId, score: 1 };
  const scored = items
    .map((item) => ({ item, score: Math.max(0, ...namesOf(item).map((name) => scoreName(trimmed, name))) }))
    .filter((s) => s.score > 0.3)
    .sort((a, b) => b.score - a.score);
  const [top, second] = scored;
  if (top === undefined) return { kind: 'unknown', candidates: [] };
  const identical = scored.filter((s) => s.score === 1);
  if (identical.length === 1 && identical[0]) return { kind: 'match', item: identical[0].item, score: 1 };
  const exact = identical.length > 1 ? identical : scored.filter((s) => s.score >= 0.97);
  if (exact.length === 1 && exact[0]) return { kind: 'match', item: exact[0].item, score: exact[0].score };
  if (exact.length > 1) return { kind: 'ambiguous', candidates: exact.slice(0, limit) };
  if (top.score >= 0.72 && (second === undefined || second.score < top.score - 0.08)) return { kind: 'match', item: top.item, score: top.score };
  const close = scored.filter((s) => s.score >= 0.45);
  // A typo with nothing else near it ("Cedar Dentl") is still that one name.
  if (top.score >= 0.6 && close.length === 1) return { kind: 'match', item: top.item, score: top.score };
  if (top.score >= 0.55) return { kind: 'ambiguous', candidates: close.slice(0, limit) };
  return { kind: 'unknown', candidates: scored.slice(0, limit) };
}
