/**
 * One line of at most `max` characters: control characters and line breaks become one space, so a
 * server's text (an exit reason, a stderr line) can never forge a log line or stretch a page.
 *
 * @example oneLine('boom\n2030-01-01 res-proxy info FORGED', 200); // 'boom 2030-01-01 res-proxy info FORGED'
 */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.slice(0, max * 2).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Hides known secret values (a server's `env` and `headers` values of 6 characters or more) in a
 * text before it is shown: a server that echoes its API key in an error never shows it.
 *
 * @example const redact = redactorFor(['sk-live-123456']); redact('bad key sk-live-123456'); // 'bad key [redacted]'
 */
export function redactorFor(secrets: Iterable<string>): (text: string) => string {
  const values = [...new Set(secrets)].filter((value) => value.length >= 6).sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((result, value) => result.split(value).join('[redacted]'), text);
}
