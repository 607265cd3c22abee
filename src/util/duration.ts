const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a human duration (`90s`, `30m`, `4h`, `7d`, `1h30m`) or an ISO-8601 duration (`PT4H`, `P8D`)
 * into milliseconds. Returns `undefined` for anything else so callers can report it with context.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(trimmed);
  if (iso && trimmed.length > 1 && !/T$/i.test(trimmed)) {
    const [, w = '0', d = '0', h = '0', m = '0', s = '0'] = iso;
    return Number(w) * units.w! + Number(d) * units.d! + Number(h) * units.h! + Number(m) * units.m! + Number(s) * 1000;
  }
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/gi)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('').replace(/\s/g, '') !== trimmed.replace(/\s/g, '')) {
    return undefined;
  }
  return parts.reduce((total, [, n, unit]) => total + Number(n) * units[unit!.toLowerCase()]!, 0);
}
