/** Arguments of Mailgun-MCP's main tools (others take an object too: see the server's schemas). */
export interface MailgunToolArgs {
  send_message: {
    from_email: string;
    to: string;
    subject: string;
    text: string;
    cc?: string;
    bcc?: string;
    html?: string;
    attachment?: string;
    tag?: string;
    schedule_at?: string;
  };
  get_domains: { limit?: number; skip?: number };
  get_domain: { domain_name: string };
  get_events: { domain_name: string; event?: string; begin?: string; end?: string; limit?: number };
  get_stats: { domain_name: string; event: string; start?: string; end?: string };
  get_bounces: { domain_name: string; limit?: number };
}
