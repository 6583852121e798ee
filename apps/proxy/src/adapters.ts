import type { AdapterClient, AdapterOptions, Catalog } from '@res/mcp';
import { createAkoshaClient } from '@res/akosha';
import { createChartAntvClient } from '@res/chart-antv';
import { createExcalidrawClient } from '@res/excalidraw';
import { createMahavishnuClient } from '@res/mahavishnu';
import { createMailgunClient } from '@res/mailgun';
import { createMermaidClient } from '@res/mermaid';
import { createRaindropClient } from '@res/raindropio';
import { createSessionBuddyClient } from '@res/session-buddy';
import { createUnifiClient } from '@res/unifi';

/** An adapter's factory, as the proxy uses it. */
export type AdapterFactory = (options: AdapterOptions<string>) => AdapterClient<Catalog>;

/** The shipped adapters `--server` can name. */
export const adapters: Readonly<Record<string, AdapterFactory>> = {
  mahavishnu: createMahavishnuClient as AdapterFactory,
  'session-buddy': createSessionBuddyClient as AdapterFactory,
  akosha: createAkoshaClient as AdapterFactory,
  excalidraw: createExcalidrawClient as AdapterFactory,
  mailgun: createMailgunClient as AdapterFactory,
  unifi: createUnifiClient as AdapterFactory,
  raindropio: createRaindropClient as AdapterFactory,
  mermaid: createMermaidClient as AdapterFactory,
  'chart-antv': createChartAntvClient as AdapterFactory,
};
