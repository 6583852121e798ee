import { BrokenCircuitError, BulkheadRejectedError, McpCallError } from '@res/mcp';
import { adapterContract } from '@res/testkit/contract';
import { describe, expect, it } from 'vitest';
import { classifyMermaidError, mermaidAdapter, mermaidCatalog } from '../src/index.js';
import { mermaidFaults } from '../src/testing.js';

const diagram = { mermaid: 'graph TD; A-->B', outputType: 'svg' } as const;
// The real server's -32603 messages (mcp-mermaid 0.4.1 on mermaid 11, see test/real-server.test.ts).
const parseError = mermaidFaults.renderFailed("Parse error on line 2:\ngraph TD; A-->\n--------------^\nExpecting 'AMP', 'COLON', got 'EOF'");
const rendererCrash = mermaidFaults.renderFailed('page.evaluate: Target page, context or browser has been closed');

const rig = adapterContract({
  adapter: mermaidAdapter,
  presets: {
    names: ['default'],
    default: {
      timeout: 30_000, connectTimeout: 30_000, failureThreshold: 3, recoveryTimeout: 30_000, maxAttempts: 2,
      backoff: 'fixed', baseDelay: 500, maxDelay: 500, jitter: 'none', bulkhead: { limit: 2, queue: 8 },
    },
    rateLimit: false,
  },
  breaker: {
    tool: 'generate_mermaid_diagram', args: () => diagram, fault: rendererCrash, threshold: 3, sent: 6,
    failure: { kind: 'protocol', counted: true }, open: BrokenCircuitError, probe: { tool: 'generate_mermaid_diagram', args: diagram },
  },
  absent: [{ fake: { omit: ['generate_mermaid_diagram'] }, refused: [{ tool: 'generate_mermaid_diagram', args: diagram }] }],
});

describe('against a fake Mermaid-MCP', () => {
  it('retries a renderer fault once and succeeds', async () => {
    const { server, client: mermaid } = rig.connect({ faults: { generate_mermaid_diagram: { type: 'fail-first', count: 1, fault: rendererCrash } } });
    const result = await mermaid.call('generate_mermaid_diagram', diagram);
    expect(result.isError).toBeUndefined();
    expect(server.calls('generate_mermaid_diagram')).toBe(2);
    expect(mermaid.health()).toMatchObject({ retries: 1, failures: 0 });
  });

  it('a diagram syntax error (-32603) is the caller\'s: not retried, not counted', async () => {
    const { server, client: mermaid } = rig.connect({ faults: { generate_mermaid_diagram: parseError } });
    for (let i = 0; i < 4; i++) {
      await expect(mermaid.call('generate_mermaid_diagram', { mermaid: 'graph TD; A-->' })).rejects.toMatchObject({
        kind: 'caller', code: -32603, counted: false, message: 'mermaid generate_mermaid_diagram: diagram syntax error: Parse error on line 2:',
      });
    }
    expect(server.calls('generate_mermaid_diagram')).toBe(4);
    expect(mermaid.health()).toMatchObject({ state: 'closed', failures: 0, retries: 0 });
  });

  it('invalid arguments (-32602) and a file that could not be written are not retried either', async () => {
    const { server, client: mermaid } = rig.connect({ faults: { generate_mermaid_diagram: { type: 'rpc-error', code: -32602, message: 'Invalid parameters: The mermaid string cannot be empty.' } } });
    await expect(mermaid.call('generate_mermaid_diagram', { mermaid: '' })).rejects.toMatchObject({ kind: 'caller', code: -32602 });
    server.setFault('generate_mermaid_diagram', { type: 'rpc-error', code: -32603, message: 'Failed to save file: EACCES: permission denied' });
    await expect(mermaid.call('generate_mermaid_diagram', { ...diagram, outputType: 'file' })).rejects.toMatchObject({ kind: 'caller', counted: false });
    expect(server.calls('generate_mermaid_diagram')).toBe(2);
    expect(mermaid.health().failures).toBe(0);
  });

  it('renders two at a time, queues eight, and turns the rest away', async () => {
    const { server, client: mermaid } = rig.connect({ faults: { generate_mermaid_diagram: { type: 'slow', ms: 20 } } });
    const calls = Array.from({ length: 11 }, () => mermaid.call('generate_mermaid_diagram', diagram).then(() => 'ok', (error: unknown) => error));
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(10);
    expect(outcomes.filter((o) => o instanceof BulkheadRejectedError)).toHaveLength(1);
    expect(server.calls('generate_mermaid_diagram')).toBe(10);
  });

  it('a tool the live server adds without annotations is treated as unsafe: run once', async () => {
    const extended = { ...mermaidCatalog, render_batch: { safety: 'unsafe', purpose: 'not in mcp-mermaid; a newer server' } } as const;
    const { server, client: mermaid } = rig.connect({ catalog: extended, faults: { render_batch: rendererCrash } });
    await expect(mermaid.callTool('render_batch', {})).rejects.toBeInstanceOf(McpCallError);
    expect(server.calls('render_batch')).toBe(1);
  });
});

describe('classifyMermaidError', () => {
  const context = { tool: 'generate_mermaid_diagram', safety: 'read' } as const;
  it.each([
    'Failed to generate mermaid: Parse error on line 1:',
    'Failed to generate mermaid: Lexical error on line 2. Unrecognized text.',
    'Failed to generate mermaid: No diagram type detected matching given configuration for text: hello',
    'Failed to generate screenshot for file output.',
  ])('%s -> caller', (message) => {
    expect(classifyMermaidError({ code: -32603, message }, context)?.kind).toBe('caller');
  });
  it.each([
    "Failed to generate mermaid: browserType.launch: Executable doesn't exist at /x/chrome-headless-shell",
    'Failed to generate mermaid: Unknown error.',
    'Internal server error',
  ])('%s -> the default (a counted failure)', (message) => {
    expect(classifyMermaidError({ code: -32603, message }, context)).toBeUndefined();
  });
});
