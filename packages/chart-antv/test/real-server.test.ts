/**
 * The real @antv/mcp-server-chart (the devDependency, launched over stdio from node_modules; no
 * network). Its rendering service (`VIS_REQUEST_SERVER`) is this test's own HTTP server on
 * 127.0.0.1, never the public default: it answers, rejects, fails, slows down and recovers.
 */
import { BrokenCircuitError, McpTimeoutError, type ServerPolicy } from '@res/mcp';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { chartAntvCatalog, createChartAntvClient, type ChartAntvClient } from '../src/index.js';

// Each test spawns a real server: seconds on a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// The package exports only './sdk': reach its bin through this package's node_modules.
const serverBin = fileURLToPath(new URL('../node_modules/@antv/mcp-server-chart/build/index.js', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'res-chart-antv-'));
const line = { data: [{ time: '2024', value: 1 }, { time: '2025', value: 2 }] };
const chartUrl = 'https://charts.test/line.png';

/** The upstream renderer: what it answers next. */
type Mode = { type: 'ok' } | { type: 'reject'; errorMessage: string } | { type: 'status'; status: number } | { type: 'slow'; ms: number };
let mode: Mode = { type: 'ok' };
let received: { type?: string; source?: string }[] = [];
let upstream: Server;
let visUrl: string;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body) as { type?: string });
      const answer = (): void => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(mode.type === 'reject' ? { success: false, errorMessage: mode.errorMessage } : { success: true, resultObj: chartUrl }));
      };
      if (mode.type === 'status') {
        response.statusCode = mode.status;
        response.end('upstream says no');
      } else if (mode.type === 'slow') setTimeout(answer, mode.ms);
      else answer();
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  visUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api/gpt-vis`;
});

let charts: ChartAntvClient | undefined;
afterEach(async () => {
  await charts?.close();
  charts = undefined;
  mode = { type: 'ok' };
  received = [];
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(temp, { recursive: true, force: true });
});

/** Resolves once `condition` holds (polled; the test's timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The real server through the adapter, rendering through the test's upstream. */
function launch(policy: Partial<ServerPolicy> = {}, env: Record<string, string> = {}): ChartAntvClient {
  charts = createChartAntvClient({
    env: {},
    preset: 'private', // no politeness rate limit: the upstream is ours
    connect: { command: process.execPath, args: [serverBin], env: { VIS_REQUEST_SERVER: visUrl, ...env }, stderr: 'ignore' },
    policy: { baseDelay: 5, maxDelay: 5, jitter: 'none', connectTimeout: 30_000, ...policy },
  });
  return charts;
}

describe('the real @antv/mcp-server-chart 0.9.10 over stdio', () => {
  it('lists exactly the catalog, every tool annotated read-only', async () => {
    const { tools } = await launch().listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(Object.keys(chartAntvCatalog).sort());
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('the default connect is `npx -y @antv/mcp-server-chart` and passes VIS_REQUEST_SERVER and DISABLED_TOOLS through', async () => {
    // A stand-in `npx` first on PATH: checks its arguments, then runs the installed server (no network).
    const bin = join(temp, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = "-y" ] && [ "$2" = "@antv/mcp-server-chart" ] || exit 97\nexec "${process.execPath}" "${serverBin}" 2>/dev/null\n`);
    chmodSync(join(bin, 'npx'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ''}`;
    try {
      charts = createChartAntvClient({ env: { VIS_REQUEST_SERVER: visUrl, DISABLED_TOOLS: 'generate_venn_chart,generate_pin_map' }, policy: { connectTimeout: 30_000 } });
      const result = await charts.call('generate_line_chart', line);
      expect(result.content).toEqual([{ type: 'text', text: chartUrl }]);
      expect(received).toEqual([{ type: 'line', ...line, source: 'mcp-server-chart' }]); // the render reached our upstream
      const { tools } = await charts.listTools();
      expect(tools).toHaveLength(25);
      await expect(charts.call('generate_venn_chart', { data: [] })).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('DISABLED_TOOLS') as unknown });
      expect(received).toHaveLength(1);
    } finally {
      process.env.PATH = path;
    }
  });

  it('the renderer rejecting the chart and invalid arguments are caller errors: not retried, not counted', async () => {
    const client = launch();
    mode = { type: 'reject', errorMessage: 'data must not be empty' };
    await expect(client.call('generate_line_chart', line)).rejects.toMatchObject({ kind: 'caller', code: -32603, message: 'chart-antv generate_line_chart: the rendering service rejected the chart: data must not be empty' });
    // 0.9.10 run as its bin validates nothing (a circular import leaves its schema cache empty):
    // bad arguments reach the renderer, whose rejection is the caller's too.
    await expect(client.callTool('generate_line_chart', { data: 'not an array' })).rejects.toMatchObject({ kind: 'caller', code: -32603 });
    await expect(client.callTool('generate_gantt_chart', {})).rejects.toMatchObject({ kind: 'caller', code: -32601 });
    expect(received).toHaveLength(2);
    expect(client.health()).toMatchObject({ state: 'closed', failures: 0, retries: 0 });
  });

  it('a 429 from the renderer is a rate limit, retried after it', async () => {
    const client = launch({ maxDelay: 1_000 });
    mode = { type: 'status', status: 429 };
    const call = client.call('generate_line_chart', line);
    await until(() => received.length === 1); // the first attempt got its 429
    mode = { type: 'ok' };
    await expect(call).resolves.toMatchObject({ content: [{ type: 'text', text: chartUrl }] });
    expect(received).toHaveLength(2);
    expect(client.health()).toMatchObject({ failures: 0, retries: 1 });
  });

  it('the breaker opens on the upstream outage (-32603), survives a slow spell, and closes after recovery', async () => {
    const client = launch({ recoveryTimeout: 1_000, timeout: 5_000 });
    await client.call('generate_line_chart', line);

    // The renderer fails: each call is retried (3 attempts), five calls open the breaker.
    mode = { type: 'status', status: 503 };
    for (let i = 0; i < 5; i++) {
      await expect(client.call('generate_line_chart', line)).rejects.toMatchObject({ kind: 'protocol', code: -32603, counted: true, message: expect.stringContaining('the rendering service answered 503') as unknown });
    }
    expect(received).toHaveLength(1 + 15);
    expect(client.health().state).toBe('open');
    await expect(client.call('generate_line_chart', line)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(received).toHaveLength(16); // rejected without a request

    // The renderer recovers: after recoveryTimeout one trial call closes the breaker.
    mode = { type: 'ok' };
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect(client.health().state).toBe('half-open');
    await client.call('generate_line_chart', line);
    expect(client.health().state).toBe('closed');

    // It slows down past the timeout (the server itself would wait forever): a counted timeout, retried.
    mode = { type: 'slow', ms: 400 };
    await expect(client.call('generate_line_chart', line, { timeout: 150 })).rejects.toBeInstanceOf(McpTimeoutError);
    expect(client.health().failures).toBe(6);
    // It speeds up again: calls succeed and the breaker stays closed.
    mode = { type: 'ok' };
    await client.call('generate_line_chart', line);

    // The renderer goes away: unreachable is a counted failure too.
    const unreachable = launch({ maxAttempts: 1 }, { VIS_REQUEST_SERVER: 'http://127.0.0.1:9/api/gpt-vis' });
    await expect(unreachable.call('generate_line_chart', line)).rejects.toMatchObject({ kind: 'protocol', counted: true, message: expect.stringContaining('unreachable') as unknown });
    expect(client.health()).toMatchObject({ state: 'closed' });
    await client.close();
  });
});
