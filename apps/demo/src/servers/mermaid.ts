/** Mermaid-MCP: local renders in headless Chromium; failures are JSON-RPC -32603, a crash kills the process. */
import { mermaidAdapter } from '@res/mermaid';
import { mermaidFaults } from '@res/mermaid/testing';
import { defineDemoServer } from './types.js';

const DIAGRAMS = [
  'graph TD; App-->res; res-->Server; res-.->Cache',
  'sequenceDiagram\n  App->>res: callTool\n  res->>Server: tools/call\n  Server-->>res: result\n  res-->>App: result',
  'stateDiagram-v2\n  [*] --> closed\n  closed --> open: failures\n  open --> half_open: recovery\n  half_open --> closed: trial ok',
];

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" id="mermaid-svg" width="100%" viewBox="0 0 420 174" role="graphics-document document" aria-roledescription="flowchart-v2">' +
  '<g class="root"><g class="nodes"><g class="node default" id="flowchart-App-0" transform="translate(60,87)"><rect class="basic label-container" x="-36" y="-27" width="72" height="54"/>' +
  '<text>App</text></g><g class="node default" id="flowchart-res-1" transform="translate(210,87)"><rect x="-34" y="-27" width="68" height="54"/><text>res</text></g></g></g></svg>';

export const mermaid = defineDemoServer({
  adapter: mermaidAdapter,
  title: 'Mermaid-MCP',
  latencyMs: 180,
  results: { generate_mermaid_diagram: SVG },
  workload: [
    {
      tool: 'generate_mermaid_diagram',
      weight: 1,
      args: (rng) => ({ mermaid: rng.pick(DIAGRAMS), theme: rng.pick(['default', 'neutral'] as const), outputType: 'svg' }),
    },
  ],
  cached: ['generate_mermaid_diagram'],
  timeline: [
    { at: 0.1, label: 'slow renders (900 ms)', faults: { '*': { type: 'slow', ms: 900 } } },
    { at: 0.24, label: 'renderer crash: the process exits mid-call', faults: { '*': { type: 'fail-first', count: 2, fault: { type: 'slow', ms: 100, then: { type: 'crash' } } } } },
    {
      at: 0.34,
      label: 'rpc-error -32603 (browser gone)',
      faults: { '*': mermaidFaults.renderFailed('Protocol error (Target.createTarget): Target closed') },
    },
    { at: 0.52, label: 'calm', faults: {} },
  ],
});
