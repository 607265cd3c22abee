/**
 * One CSV cell: quoted when it holds a comma, quote or line break (RFC 4180), and prefixed with `'`
 * when it starts with `= + - @` (or a tab/CR), so a spreadsheet shows it as text instead of running
 * it as a formula (OWASP "CSV injection"). A number is written as the number it is (a negative
 * amount stays a number a spreadsheet can add up); null and undefined are empty.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV, header first, CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
