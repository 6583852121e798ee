/**
 * @res/mailgun/testing: Mailgun-MCP's failure shapes (see `shared/servers/mailgun.json`) as
 * faults in @res/testkit's fault language, plain data with no dependency: pass them to
 * `fakeServer(mailgunCatalog, { faults })` or `setFault`, so a test reads like the incident.
 *
 * @example
 * import { mailgunFaults } from '@res/mailgun/testing';
 * server.setFault('get_domains', mailgunFaults.error(503));
 *
 * @packageDocumentation
 */

/**
 * Mailgun-MCP's failures.
 *
 * @example fakeServer(mailgunCatalog, { faults: { send_message: mailgunFaults.error(429) } });
 */
export const mailgunFaults = {
  /**
   * Mailgun's non-2xx answer, in-band: `{ error: { type: 'mailgun_error', message: 'Mailgun request failed with status N', details } }`.
   *
   * @example mailgunFaults.error(429); // a rate limit, visible only in the message text
   */
  error: (status: number, details = '') =>
    ({ type: 'in-band', body: { error: { type: 'mailgun_error', message: `Mailgun request failed with status ${status}`, details } } }) as const,

  /**
   * The server without credentials, in-band: `{ error: { type: 'configuration_error', message } }`.
   *
   * @example mailgunFaults.configurationError();
   */
  configurationError: (message = 'MAILGUN_API_KEY environment variable is not set') =>
    ({ type: 'in-band', body: { error: { type: 'configuration_error', message } } }) as const,
} as const;
