import type { Catalog } from '@res/mcp';

/**
 * Every tool Mailgun-MCP registers (lesleslie/mailgun-mcp v0.2.5), with how safe
 * it is to send twice. Sends, creates and deletes are `unsafe`: an `isError`, a
 * timeout or a dropped connection can all follow an accepted request.
 *
 * @example mailgunCatalog.send_message.safety // 'unsafe'
 */
export const mailgunCatalog = {
  send_message: { safety: 'unsafe', purpose: 'Send an email (from, to, subject, text; optional cc, bcc, html, attachment, tag, schedule_at) from MAILGUN_DOMAIN' },
  get_domains: { safety: 'read', purpose: 'List sending domains (limit, skip)' },
  get_domain: { safety: 'read', purpose: 'Get one domain' },
  create_domain: { safety: 'unsafe', purpose: 'Create a sending domain' },
  delete_domain: { safety: 'unsafe', purpose: 'Delete a domain' },
  verify_domain: { safety: 'idempotent', purpose: 'Trigger DNS verification of a domain' },
  get_events: { safety: 'read', purpose: 'Event log (deliveries, opens, clicks, failures...) for a domain' },
  get_stats: { safety: 'read', purpose: 'Sending statistics for a domain' },
  get_bounces: { safety: 'read', purpose: 'List bounced addresses' },
  add_bounce: { safety: 'idempotent', purpose: 'Add an address to the bounce list' },
  delete_bounce: { safety: 'unsafe', purpose: 'Remove an address from the bounce list' },
  get_complaints: { safety: 'read', purpose: 'List complaint addresses' },
  add_complaint: { safety: 'idempotent', purpose: 'Add an address to the complaints list' },
  delete_complaint: { safety: 'unsafe', purpose: 'Remove an address from the complaints list' },
  get_unsubscribes: { safety: 'read', purpose: 'List unsubscribed addresses' },
  add_unsubscribe: { safety: 'idempotent', purpose: 'Add an address to the unsubscribes list (optional tag)' },
  delete_unsubscribe: { safety: 'unsafe', purpose: 'Remove an address from the unsubscribes list (optional tag)' },
  get_routes: { safety: 'read', purpose: 'List inbound routes' },
  get_route: { safety: 'read', purpose: 'Get one inbound route' },
  create_route: { safety: 'unsafe', purpose: 'Create an inbound route (priority, expression, action)' },
  update_route: { safety: 'idempotent', purpose: 'Update an inbound route' },
  delete_route: { safety: 'unsafe', purpose: 'Delete an inbound route' },
  get_templates: { safety: 'read', purpose: 'List templates' },
  get_template: { safety: 'read', purpose: 'Get one template' },
  create_template: { safety: 'unsafe', purpose: 'Create a template' },
  update_template: { safety: 'idempotent', purpose: 'Update template metadata or its version fields' },
  delete_template: { safety: 'unsafe', purpose: 'Delete a template' },
  get_webhooks: { safety: 'read', purpose: 'List webhooks' },
  get_webhook: { safety: 'read', purpose: 'Get the webhook of one type' },
  create_webhook: { safety: 'unsafe', purpose: 'Create or update the webhook of one type (POST)' },
  delete_webhook: { safety: 'unsafe', purpose: 'Delete the webhook of one type' },
} as const satisfies Catalog;

/** The names of Mailgun-MCP's tools. */
export type MailgunTool = keyof typeof mailgunCatalog;
