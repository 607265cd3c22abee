/**
 * Fuzzy name matching, written for names people half-remember: "contoso" for "Contoso Ltd",
 * "e3" for "Microsoft 365 E3", "contsoo" for "Contoso". Scores are in [0, 1]; only their order and
 * the thresholds in {@link pickMatch} matter.
 */
import { createTtlCache } from '../util/ttl-cache.ts';

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
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length);
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    [previous, current] = [current, previous];
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

/** A name as the scoring compares it: normalized, its significant words, and those joined. */
interface PreparedName {
  readonly text: string;
  readonly words: readonly string[];
  readonly joined: string;
}

function prepare(text: string): PreparedName {
  const words = significant(text.split(' '));
  return { text, words, joined: words.join(' ') };
}

/**
 * Candidate names prepared once: a list of thousands of companies is scored against every command
 * that names one, and normalizing (Unicode decomposition, two regular expressions) was most of it.
 */
const preparedNames = createTtlCache<string, PreparedName>({ max: 20_000, ttlMs: Number.POSITIVE_INFINITY });

function preparedName(name: string): PreparedName {
  let prepared = preparedNames.get(name);
  if (prepared === undefined) {
    prepared = prepare(normalizeName(name));
    preparedNames.set(name, prepared);
  }
  return prepared;
}

/** How well the prepared query names the prepared candidate (see {@link scoreName}). */
function scorePrepared(q: PreparedName, c: PreparedName): number {
  if (q.text === '' || c.text === '') return 0;
  if (q.text === c.text) return 1;
  if (q.joined === c.joined) return 0.97;
  if (c.text.startsWith(q.text)) return 0.9 - 0.1 * (1 - q.text.length / c.text.length);
  const allPrefixes = q.words.every((w) => c.words.some((cw) => cw.startsWith(w)));
  if (allPrefixes) return 0.75 + 0.1 * (q.words.length / c.words.length);
  if (c.text.includes(q.text)) return 0.7;
  let wordSum = 0;
  for (const w of q.words) {
    let best = 0;
    for (const cw of c.words) best = Math.max(best, similarity(w, cw.slice(0, Math.max(w.length, 1) + 2)));
    wordSum += best;
  }
  return Math.max((0.7 * wordSum) / q.words.length, 0.65 * similarity(q.text, c.text));
}

/** Scores names against one query, prepared once: `scorer(name)` is `scoreName(query, name)`. */
export function nameScorer(query: string): (candidate: string) => number {
  const q = prepare(normalizeName(query).slice(0, maxQueryLength));
  return (candidate) => scorePrepared(q, preparedName(candidate));
}

/** How well `query` names `candidate`, from 0 (not at all) to 1 (the same name). */
export function scoreName(query: string, candidate: string): number {
  return nameScorer(query)(candidate);
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
  const score = nameScorer(trimmed);
  const scored = items
    .map((item) => ({ item, score: namesOf(item).reduce((best, name) => Math.max(best, score(name)), 0) }))
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
