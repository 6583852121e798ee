/**
 * @res/unifi/testing: UniFi-MCP's failure shapes (see `shared/servers/unifi.json`) as faults in
 * @res/testkit's fault language, plain data with no dependency: pass them to
 * `fakeServer(unifiCatalog, { faults })` or `setFault`.
 *
 * @example
 * import { unifiFaults } from '@res/unifi/testing';
 * server.setFault('unifi_get_devices', unifiFaults.httpError(502, 'Bad Gateway'));
 *
 * @packageDocumentation
 */

/**
 * UniFi-MCP's failures: every one an `isError` text.
 *
 * @example fakeServer(unifiCatalog, { faults: { unifi_restart_device: unifiFaults.httpError(502, 'Bad Gateway') } });
 */
export const unifiFaults = {
  /**
   * httpx's `raise_for_status` text: "Client error '404 Not Found' for url …", "Server error '502 Bad Gateway' for url …".
   *
   * @example unifiFaults.httpError(429, 'Too Many Requests', 'https://c/api');
   */
  httpError: (status: number, reason: string, url = 'https://192.168.1.1/proxy/network/api/s/default/stat/device') =>
    ({ type: 'is-error', text: `${status >= 500 ? 'Server' : 'Client'} error '${status} ${reason}' for url '${url}'` }) as const,

  /**
   * Any `isError` text the server sends (a refused login, a timeout, an exception).
   *
   * @example unifiFaults.text('Network error during authentication: All connection attempts failed');
   */
  text: (text: string) => ({ type: 'is-error', text }) as const,
} as const;
