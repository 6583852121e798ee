/**
 * @res/mailgun: a resilient client for Mailgun-MCP.
 *
 * @example
 * import { createMailgunClient } from '@res/mailgun';
 * const mail = createMailgunClient(); // MAILGUN_API_KEY and MAILGUN_DOMAIN from process.env
 * await mail.call('get_domains', {});
 *
 * @packageDocumentation
 */
import { defineAdapter, type AdapterClient, type AdapterOptions } from '@res/mcp';
import type { MailgunToolArgs } from './args.js';
import { mailgunCatalog } from './catalog.js';
import { classifyMailgunResult } from './classify.js';
import { mailgunPresets, type MailgunPreset } from './presets.js';

/**
 * The Mailgun-MCP adapter's descriptor (what `defineAdapter` made): its catalog, presets and
 * definition, and `create`, for hosts that serve any adapter (a proxy, a demo) without casts.
 *
 * @example mailgunAdapter.definition.name // 'mailgun'
 */
export const mailgunAdapter = defineAdapter<typeof mailgunCatalog, MailgunToolArgs, Exclude<MailgunPreset, 'default'>>({
  name: 'mailgun',
  packageName: '@res/mailgun',
  // The server is HTTP only: `python -m mailgun_mcp start` serves it here.
  launch: (env) => ({ url: `http://127.0.0.1:${env.MAILGUN_MCP_HTTP_PORT ?? '3039'}/mcp` }),
  tools: mailgunCatalog,
  presets: mailgunPresets,
  classifyResult: classifyMailgunResult,
  // The server flags some successes with isError (see the README): the classifier decides.
  toolErrorIsFailure: false,
  env: { required: ['MAILGUN_API_KEY', 'MAILGUN_DOMAIN'], passthrough: ['MAILGUN_MCP_HTTP_PORT', 'MAILGUN_MCP_HTTP_HOST'] },
});

/** A resilient Mailgun-MCP client, typed by its catalog. */
export type MailgunClient = AdapterClient<typeof mailgunCatalog, MailgunToolArgs>;

/**
 * Creates a resilient Mailgun-MCP client. Checks `MAILGUN_API_KEY` and
 * `MAILGUN_DOMAIN` (from `options.env`, else `process.env`) before anything starts.
 *
 * @example const mail = createMailgunClient({ env: { MAILGUN_API_KEY: key, MAILGUN_DOMAIN: 'mg.example.com' } });
 */
export function createMailgunClient(options?: AdapterOptions<Exclude<MailgunPreset, 'default'>>): MailgunClient {
  return mailgunAdapter.create(options);
}

export { mailgunCatalog, type MailgunTool } from './catalog.js';
export { mailgunPresets, type MailgunPreset } from './presets.js';
export { classifyMailgunResult } from './classify.js';
export type { MailgunToolArgs } from './args.js';
