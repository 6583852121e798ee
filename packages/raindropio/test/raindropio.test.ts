import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { fakeServer, toolError, type StdioServerHandle } from '@res/testkit';
import { adapterContract } from '@res/testkit/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { raindropAdapter, raindropCatalog, raindropPresets, type RaindropClient } from '../src/index.js';
import { raindropFaults } from '../src/testing.js';

const env = { RAINDROP_TOKEN: 'rd-0123456789abcdef0123456789abcdef' };
const isError = raindropFaults.text;
const timedOut = isError("Error calling tool 'x': Request timed out (details={'method': 'GET', 'url': 'https://api.raindrop.io/rest/v1/raindrops/0'})");

const rig = adapterContract({
  adapter: raindropAdapter,
  env,
  credentials: {
    missing: '@res/raindropio: missing required environment variable RAINDROP_TOKEN (set it in process.env or pass { env: { … } })',
    blank: { RAINDROP_TOKEN: '  ' },
    blankError: /variable RAINDROP_TOKEN \(/,
  },
  presets: {
    names: ['default', 'patient'],
    // One attempt, under 120 requests a minute.
    default: {
      timeout: 50_000, connectTimeout: 15_000, failureThreshold: 5, recoveryTimeout: 60_000, maxAttempts: 1, backoff: 'exponential',
      baseDelay: 2_000, maxDelay: 60_000, jitter: 'full', rateLimit: { tokens: 100, interval: 60_000, burst: 10, maxWait: 10_000 },
    },
  },
  breaker: {
    tool: 'get_bookmark', args: (call) => ({ bookmark_id: call }), fault: isError('Transport error talking to Raindrop.io'), threshold: 5, sent: 5,
    failure: McpCallError, open: BrokenCircuitError, probe: { tool: 'list_tags', args: {} },
  },
  absent: [{
    fake: { profile: 'minimal' },
    refused: [{ tool: 'search_bookmarks', args: { query: 'x' } }],
    dependsOn: 'RAINDROPIO_TOOL_PROFILE)',
    offered: { tool: 'health_check', args: {} },
  }],
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('presets', () => {
  it('patient waits longer, still one attempt', () => {
    expect(raindropPresets.patient).toMatchObject({ timeout: 130_000, maxAttempts: 1 });
  });
});

describe('against a fake RaindropIO-MCP', () => {
  it('never sends create_bookmark twice, whatever fails after it was sent', async () => {
    const { server, client: raindrop } = rig.connect({ faults: { create_bookmark: timedOut } });
    const create = () => raindrop.call('create_bookmark', { collection_id: 0, payload: { link: 'https://example.com' } });
    await expect(create()).rejects.toMatchObject({ kind: 'tool', sent: true, message: expect.stringContaining('timed out on every attempt') as unknown });
    server.setFault('create_bookmark', { type: 'crash' });
    await expect(create()).rejects.toMatchObject({ kind: 'transport' });
    expect(server.calls('create_bookmark')).toBe(2);
    expect(raindrop.health().retries).toBe(0);
  });

  it('does not retry reads either (the server already did), unless the caller opts in', async () => {
    const { server, client: raindrop } = rig.connect({ faults: { list_bookmarks: { type: 'fail-first', count: 1, fault: timedOut } } }, { tools: { search_bookmarks: { retry: { maxAttempts: 2 } } } });
    await expect(raindrop.call('list_bookmarks', { collection_id: 0 })).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls('list_bookmarks')).toBe(1);
    server.setFault('search_bookmarks', { type: 'fail-first', count: 1, fault: isError('Raindrop.io API request failed (details={})') });
    const result = await raindrop.call('search_bookmarks', { query: 'mcp' });
    expect(result.isError).toBeUndefined();
    expect(server.calls('search_bookmarks')).toBe(2);
  });

  it("classifies Raindrop's 429 as a rate limit of a minute, not counted", async () => {
    const { server, client: raindrop } = rig.connect({ faults: { list_collections: raindropFaults.rateLimit() } });
    for (let i = 0; i < 6; i++) await expect(raindrop.call('list_collections', {})).rejects.toMatchObject({ kind: 'rate-limit', retryAfter: 60_000, counted: false });
    expect(server.calls('list_collections')).toBe(6);
    expect(raindrop.health().state).toBe('closed');
  });

  it('waits the minute out before a read the caller opted into retrying', async () => {
    const { server, client: raindrop } = rig.connect({ faults: { list_tags: { type: 'fail-first', count: 1, fault: raindropFaults.rateLimit() } } }, { tools: { list_tags: { retry: { maxAttempts: 2, maxDelay: 60_000 } } } });
    vi.useFakeTimers();
    const call = raindrop.call('list_tags', {});
    await vi.advanceTimersByTimeAsync(59_999);
    expect(server.calls('list_tags')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toMatchObject({ content: expect.any(Array) as unknown });
    expect(server.calls('list_tags')).toBe(2);
  });

  it("re-sends even create_collection after FastMCP's bucket refused it (no tool ran)", async () => {
    const { server, client: raindrop } = rig.connect({ faults: { create_collection: { type: 'fail-first', count: 1, fault: toolError.globalRateLimit() } } }, { tools: { create_collection: { retry: { maxAttempts: 2 } } } });
    vi.useFakeTimers();
    const call = raindrop.call('create_collection', { payload: { title: 'Reading' } });
    await vi.advanceTimersByTimeAsync(125);
    const result = await call;
    expect(result.isError).toBeUndefined();
    expect(server.calls('create_collection')).toBe(2);
  });

  it('treats 401, 403, 404 and bad arguments as caller errors: not retried, not counted', async () => {
    const { server, client: raindrop } = rig.connect({
      faults: {
        get_account_profile: isError('Authentication failed; check RAINDROP_TOKEN (details={})'),
        get_collection: isError('Resource not found (details={})'),
        delete_tag: isError('Not authorised to perform this operation (details={})'),
        create_highlight: isError("Error calling tool 'create_highlight': 1 validation error for HighlightCreate\ntext\n  Field required"),
        update_bookmark: toolError.invalidParams('bookmark_id: Input should be a valid integer'),
      },
    });
    for (let i = 0; i < 6; i++) await expect(raindrop.call('get_collection', { collection_id: 9 })).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('404') as unknown });
    await expect(raindrop.call('get_account_profile', {})).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('RAINDROP_TOKEN') as unknown });
    await expect(raindrop.call('delete_tag', { tag: 't' })).rejects.toMatchObject({ kind: 'caller' });
    await expect(raindrop.call('create_highlight', { bookmark_id: 1, payload: {} })).rejects.toMatchObject({ kind: 'caller' });
    await expect(raindrop.call('update_bookmark', { bookmark_id: 1, payload: {} })).rejects.toMatchObject({ kind: 'caller' });
    expect(server.calls('get_collection')).toBe(6);
    expect(raindrop.health()).toMatchObject({ state: 'closed', failures: 0 });
  });
});

describe('the default launch (stdio)', () => {
  let dir: string | undefined;
  let child: StdioServerHandle | undefined;
  let raindrop: RaindropClient | undefined;

  afterEach(async () => {
    await raindrop?.close();
    raindrop = undefined;
    await child?.dispose();
    child = undefined;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('runs `python -m raindropio_mcp.main` with the token and a 10 s request timeout, and skips its startup panel', async () => {
    child = fakeServer(raindropCatalog, { name: 'raindropio' }).stdio();
    dir = mkdtempSync(join(tmpdir(), 'res-raindropio-'));
    const seen = join(dir, 'seen.json');
    // A `python` on PATH that records how it was started, prints a panel to stdout as the
    // real server does, then hands stdio over to the fake server.
    writeFileSync(join(dir, 'python'), [
      `#!${process.execPath}`,
      `const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('RAINDROP')));`,
      `require('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ args: process.argv.slice(2), env }));`,
      `process.stdout.write('╭─ Raindrop.io MCP ─╮\\n│ Transport: STDIO │\\n╰───────────────────╯\\n');`,
      `const server = require('node:child_process').spawn(${JSON.stringify(child.connect.command)}, ${JSON.stringify(child.connect.args)}, { stdio: 'inherit' });`,
      `server.on('exit', (code) => process.exit(code ?? 0));`,
    ].join('\n'));
    chmodSync(join(dir, 'python'), 0o755);
    vi.stubEnv('PATH', `${dir}:${process.env.PATH ?? ''}`);

    raindrop = raindropAdapter.create({ env: { ...env, RAINDROPIO_TOOL_PROFILE: 'full', RAINDROP_ENABLE_HTTP_TRANSPORT: 'true' } });
    const listed = await raindrop.listTools();
    expect(listed.tools.map((tool) => tool.name).sort()).toEqual(Object.keys(raindropCatalog).sort());
    await expect(raindrop.call('ping', {})).resolves.toMatchObject({ content: expect.any(Array) as unknown });

    const started = JSON.parse(readFileSync(seen, 'utf8')) as { args: string[]; env: Record<string, string> };
    expect(started.args).toEqual(['-m', 'raindropio_mcp.main']);
    expect(started.env).toEqual({ RAINDROP_TOKEN: env.RAINDROP_TOKEN, RAINDROPIO_TOOL_PROFILE: 'full', RAINDROP_REQUEST_TIMEOUT: '10' });
  }, 20_000); // three node processes start: seconds on a loaded machine
});
