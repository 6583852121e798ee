import type { AnyAdapter } from '@res/mcp';
import { akoshaAdapter } from '@res/akosha';
import { chartAntvAdapter } from '@res/chart-antv';
import { excalidrawAdapter } from '@res/excalidraw';
import { mahavishnuAdapter } from '@res/mahavishnu';
import { mailgunAdapter } from '@res/mailgun';
import { mermaidAdapter } from '@res/mermaid';
import { raindropAdapter } from '@res/raindropio';
import { sessionBuddyAdapter } from '@res/session-buddy';
import { unifiAdapter } from '@res/unifi';

/** An adapter's factory, as the proxy uses it. */
export type AdapterFactory = AnyAdapter['create'];

const shipped: readonly AnyAdapter[] = [
  mahavishnuAdapter,
  sessionBuddyAdapter,
  akoshaAdapter,
  excalidrawAdapter,
  mailgunAdapter,
  unifiAdapter,
  raindropAdapter,
  mermaidAdapter,
  chartAntvAdapter,
];

/** The shipped adapters `--server` can name, by their descriptors' names. */
export const adapters: Readonly<Record<string, AdapterFactory>> = Object.fromEntries(
  shipped.map((adapter): [string, AdapterFactory] => [adapter.definition.name, (options) => adapter.create(options)]),
);
