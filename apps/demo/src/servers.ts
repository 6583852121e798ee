/**
 * The servers `pnpm demo` runs, in table order. Adding one is a module in `servers/`
 * (adapter, realistic answers, fault timeline, workload) and a line here.
 */
import { akosha } from './servers/akosha.js';
import { chartAntv } from './servers/chart-antv.js';
import { excalidraw } from './servers/excalidraw.js';
import { mailgun } from './servers/mailgun.js';
import { mahavishnu } from './servers/mahavishnu.js';
import { mermaid } from './servers/mermaid.js';
import { raindropio } from './servers/raindropio.js';
import { sessionBuddy } from './servers/session-buddy.js';
import type { DemoServer } from './servers/types.js';
import { unifi } from './servers/unifi.js';

export const SERVERS: readonly DemoServer[] = [mahavishnu, sessionBuddy, akosha, excalidraw, mailgun, unifi, raindropio, mermaid, chartAntv];

/** Their names, for `--servers`. */
export const SERVER_NAMES: readonly string[] = SERVERS.map((server) => server.name);

/**
 * The servers named, in table order; every server when `names` is undefined.
 *
 * @example selectServers(['mailgun', 'mermaid']).length; // 2
 */
export function selectServers(names?: readonly string[]): DemoServer[] {
  if (names === undefined) return [...SERVERS];
  for (const name of names) {
    if (!SERVER_NAMES.includes(name)) throw new RangeError(`unknown server '${name}' (servers: ${SERVER_NAMES.join(', ')})`);
  }
  return SERVERS.filter((server) => names.includes(server.name));
}

export type { DemoServer, FaultStep, WorkloadItem } from './servers/types.js';
export { CALM_AT } from './servers/types.js';
