/**
 * The secrets a test configured or saw issued, and where they leaked: every captured log line is
 * searched for each one, as given and URL-encoded. Adding a new kind of secret to a test (a
 * temporary password, a webhook's authorization value) is one `watch` call.
 */
export interface SecretWatch {
  /** Looks for `value` from now on; `label` names it in a failure (never the value itself). */
  watch(label: string, value: string | undefined): void;
  readonly watched: readonly string[];
  /** One entry per line that holds a watched value: which secret, and the line with the value censored. */
  leaks(lines: readonly string[]): string[];
}

export function createSecretWatch(): SecretWatch {
  const secrets = new Map<string, string>();
  return {
    watch(label, value) {
      if (value === undefined || value.length < 8) throw new Error(`${label}: a secret to look for must be at least 8 characters (a short one would match innocent text)`);
      secrets.set(value, label);
    },
    get watched() {
      return [...secrets.values()];
    },
    leaks(lines) {
      const found: string[] = [];
      lines.forEach((line, n) => {
        for (const [value, label] of secrets) {
          const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
          const form = [...forms].find((f) => line.includes(f));
          if (form !== undefined) found.push(`${label} in log line ${n + 1}: ${line.split(form).join('[SECRET]').slice(0, 600)}`);
        }
      });
      return found;
    },
  };
}
