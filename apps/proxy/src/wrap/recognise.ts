/**
 * How each shipped server is launched, as it appears in a host config: the tokens of its
 * stdio command (package, bin or Python module) and the default URL of its HTTP endpoint.
 * Alternatives with other tool sets (e.g. `@mailgun/mcp-server`, `mcp-excalidraw-server`)
 * are different servers and are deliberately not recognised.
 */
const launches: readonly { server: string; tokens: readonly string[]; port: number }[] = [
  { server: 'mermaid', tokens: ['mcp-mermaid'], port: 3033 },
  { server: 'chart-antv', tokens: ['@antv/mcp-server-chart', 'mcp-server-chart'], port: 3036 },
  { server: 'raindropio', tokens: ['raindropio_mcp', 'raindropio-mcp'], port: 3034 },
  { server: 'mailgun', tokens: ['mailgun_mcp'], port: 3039 },
  { server: 'akosha', tokens: ['akosha'], port: 8682 },
  { server: 'excalidraw', tokens: ['excalidraw-mcp', 'excalidraw_mcp'], port: 3032 },
  { server: 'mahavishnu', tokens: ['mahavishnu'], port: 8680 },
  { server: 'session-buddy', tokens: ['session-buddy', 'session_buddy'], port: 8678 },
  { server: 'unifi', tokens: ['unifi_mcp'], port: 3038 },
];

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `@antv/mcp-server-chart@1.2.0` -> `@antv/mcp-server-chart`; `/opt/bin/mcp-mermaid` -> `mcp-mermaid`; `raindropio_mcp.main` -> `raindropio_mcp`. */
function normalise(token: string): string[] {
  const scoped = /^(@[^/@\s]+\/[^/@\s]+)(@.*)?$/.exec(token);
  if (scoped?.[1] !== undefined) return [scoped[1]];
  const base = (token.split(/[\\/]/).pop() ?? token).replace(/@[^@]*$/, '');
  return [base, base.split('.')[0] ?? base];
}

/**
 * The shipped adapter a stdio launch runs, by its command and arguments, if any.
 *
 * @example recogniseCommand('npx', ['-y', 'mcp-mermaid']); // 'mermaid'
 */
export function recogniseCommand(command: string, args: readonly string[] = []): string | undefined {
  const seen = new Set([command, ...args].flatMap(normalise));
  return launches.find((launch) => launch.tokens.some((token) => seen.has(token)))?.server;
}

/**
 * The shipped adapter an HTTP endpoint is, when it is the server's default loopback URL.
 *
 * @example recogniseUrl('http://127.0.0.1:3039/mcp'); // 'mailgun'
 */
export function recogniseUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!loopback.has(parsed.hostname) || !/^\/mcp\/?$/.test(parsed.pathname)) return undefined;
  return launches.find((launch) => String(launch.port) === parsed.port)?.server;
}

/**
 * Whether a launch already runs res-proxy (the published package, its bin or a checkout's dist/bin.js).
 *
 * @example isResProxy('npx', ['-y', '@res/proxy', '--server', 'mermaid']); // true
 */
export function isResProxy(command: string, args: readonly string[] = []): boolean {
  const end = args.indexOf('--');
  return [command, ...(end === -1 ? args : args.slice(0, end))].some((token) => /^@res\/proxy(@.*)?$/.test(token) || /(^|[\\/])res-proxy$/.test(token) || /apps[\\/]proxy[\\/]dist[\\/]bin\.js$/.test(token));
}
