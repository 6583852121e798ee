/**
 * Server text and secrets (DESIGN §9): every text res takes from a server or a
 * failure — an error message, an HTTP body, a log line — is cut to one line of
 * at most {@link MAX_TEXT} characters, and the secrets res knows (header
 * values, environment values, URL credentials) are replaced before it reaches a
 * message, event, log line, `health()`, metric or span.
 */
import type { ConnectOptions } from './types.js';

/** The most characters of server text res shows (one line). */
export const MAX_TEXT = 1_000;

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

// Control characters (CR, LF, ANSI escapes, NUL, the Unicode line separators): each becomes one space.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// `scheme://user:password@host` anywhere in a text: the userinfo goes.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;
// Query values of URLs in a text: `?token=abc&x=1` -> `?token=[redacted]&x=[redacted]`.
const QUERY_VALUE = /([?&][^\s=&#]+=)[^\s&#]+/g;

// Environment variables that name places and settings, not credentials (their values are not redacted).
const PLAIN_ENV = new Set([
  'PATH', 'HOME', 'PWD', 'OLDPWD', 'SHELL', 'TERM', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'HOSTNAME',
  'SHLVL', 'NODE_ENV', 'COLORTERM', 'EDITOR', 'PAGER', 'TERM_PROGRAM', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME',
]);
/** Values shorter than this are not treated as secrets (they would blank out ordinary words). */
const MIN_SECRET = 6;

/**
 * One line of at most `max` characters: control characters and line breaks become
 * spaces, so a server's text can never forge a log line; longer text ends with `…`.
 *
 * @example oneLine('boom\n2030-01-01 res-proxy info FORGED'); // 'boom 2030-01-01 res-proxy info FORGED'
 */
export function oneLine(text: string, max = MAX_TEXT): string {
  // Cut first: a 20 MB body is never scanned whole.
  const head = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const flat = head.replace(CONTROL, ' ');
  return flat.length > max || head.length < text.length ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * A URL for a message: userinfo and query values replaced.
 *
 * @example redactUrl('http://user:pw@127.0.0.1:3000/mcp?key=abc'); // 'http://[redacted]@127.0.0.1:3000/mcp?key=[redacted]'
 */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, `$1${REDACTED}@`).replace(QUERY_VALUE, `$1${REDACTED}`);
}

/** Replaces known secrets in a text. */
export type Redactor = (text: string) => string;

/**
 * A redactor for a set of secrets: each occurrence (longest first) becomes
 * `[redacted]`, as do URL credentials and query values; the result is one line
 * of at most {@link MAX_TEXT} characters.
 *
 * @example const redact = createRedactor(['s3cr3t-token']); redact('echo: s3cr3t-token'); // 'echo: [redacted]'
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const known = [...new Set([...secrets].filter((s) => s.length >= MIN_SECRET))].sort((a, b) => b.length - a.length);
  return (text) => {
    let line = oneLine(text, MAX_TEXT * 4);
    for (const secret of known) if (line.includes(secret)) line = line.split(secret).join(REDACTED);
    return oneLine(redactUrl(line));
  };
}

/**
 * Redacts a failure in place: its message, and the messages (and stacks) of its
 * causes, which carry the server's raw text (an HTTP body, a JSON-RPC message).
 *
 * @example throw redactFailure(classifyThrown(error, facts), redact);
 */
export function redactFailure<E>(failure: E, redact: Redactor): E {
  let current: unknown = failure;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const error: Error = current;
    error.message = redact(error.message);
    // The stack's first lines repeat the old message: keep only the frames.
    if (typeof error.stack === 'string') {
      const frames = error.stack.indexOf('\n    at ');
      error.stack = `${error.name}: ${error.message}${frames === -1 ? '' : error.stack.slice(frames)}`;
    }
    current = error.cause;
  }
  return failure;
}

/**
 * The secrets a connection carries: header values (and each word of them, so
 * `Bearer <token>` hides the token alone too), environment values (except
 * plain settings such as `PATH` or `HOME`) and URL credentials.
 *
 * @example createRedactor(secretsOf({ url: 'http://127.0.0.1/mcp', headers: { Authorization: 'Bearer abc123xyz' } }));
 */
export function secretsOf(connect: ConnectOptions | undefined, extraEnv?: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  const addValue = (value: string): void => {
    secrets.push(value);
    for (const word of value.split(/\s+/)) secrets.push(word);
  };
  const addEnv = (env: Readonly<Record<string, string | undefined>>): void => {
    // Absolute paths (PATH-like values) are places, not credentials.
    for (const [key, value] of Object.entries(env)) if (value !== undefined && !PLAIN_ENV.has(key) && !value.startsWith('/')) addValue(value);
  };
  if (extraEnv !== undefined) addEnv(extraEnv);
  if (connect === undefined || typeof connect === 'function') return secrets;
  if ('command' in connect) {
    if (connect.env !== undefined) addEnv(connect.env);
    return secrets;
  }
  for (const value of Object.values(connect.headers ?? {})) if (typeof value === 'string') addValue(value);
  try {
    const url = new URL(connect.url);
    if (url.password !== '') secrets.push(decodeURIComponent(url.password), url.password);
    if (url.username !== '') secrets.push(decodeURIComponent(url.username), url.username);
    for (const value of url.searchParams.values()) secrets.push(value);
  } catch {
    // not a URL: validation says so
  }
  return secrets;
}
