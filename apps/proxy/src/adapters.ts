import type { AdapterClient, AdapterOptions, Catalog } from '@res/mcp';
import { createMailgunClient } from '@res/mailgun';

/** An adapter's factory, as the proxy uses it. */
export type AdapterFactory = (options: AdapterOptions<string>) => AdapterClient<Catalog>;

/** The shipped adapters `--server` can name. */
export const adapters: Readonly<Record<string, AdapterFactory>> = {
  mailgun: createMailgunClient as AdapterFactory,
};
