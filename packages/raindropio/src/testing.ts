/**
 * @res/raindropio/testing: RaindropIO-MCP's failure shapes (see `shared/servers/raindropio.json`)
 * as faults in @res/testkit's fault language, plain data with no dependency: pass them to
 * `fakeServer(raindropCatalog, { faults })` or `setFault`.
 *
 * @example
 * import { raindropFaults } from '@res/raindropio/testing';
 * server.setFault('list_collections', raindropFaults.rateLimit());
 *
 * @packageDocumentation
 */

/**
 * RaindropIO-MCP's failures: every one an `isError` text, after the server's own retries.
 *
 * @example fakeServer(raindropCatalog, { faults: { list_tags: raindropFaults.rateLimit() } });
 */
export const raindropFaults = {
  /**
   * Raindrop answered 429 on the server's last internal attempt.
   *
   * @example raindropFaults.rateLimit();
   */
  rateLimit: () => ({ type: 'is-error', text: 'Rate limit exceeded (429) from Raindrop.io API' }) as const,

  /**
   * Any `isError` text the server sends (`Request timed out (details=…)`, `Resource not found (details={})`, …).
   *
   * @example raindropFaults.text('Transport error talking to Raindrop.io');
   */
  text: (text: string) => ({ type: 'is-error', text }) as const,
} as const;
