/**
 * The real mcp-mermaid (the devDependency, launched over stdio from node_modules; no
 * network). Rendering needs a Chromium: Debian's, laid out where Playwright looks for
 * its own build. `pnpm test` installs it first (scripts/test-services.mjs); without one the
 * rendering test fails. RES_SKIP_BROWSER=1 is the one explicit opt-out: that test is skipped
 * and `pnpm test` says so loudly at its start and end.
 */
import { BrokenCircuitError } from '@res/mcp';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createMermaidClient, mermaidCatalog, type MermaidClient } from '../src/index.js';

// Each test spawns a real server: seconds on a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const require = createRequire(import.meta.url);
const serverPackage = require.resolve('mcp-mermaid/package.json');
const serverBin = join(dirname(serverPackage), 'build', 'index.js');
const noisyServer = fileURLToPath(new URL('fixtures/noisy-server.mjs', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'res-mermaid-'));
const noBrowser = join(temp, 'no-browser');
mkdirSync(noBrowser);
// The same places, in the same order, as scripts/lib/services.mjs (chromiumPaths), which installs it.
const systemChromium = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const skipBrowser = !['', '0', 'false'].includes((process.env.RES_SKIP_BROWSER ?? '').toLowerCase());
const quick = { baseDelay: 10, maxDelay: 10 } as const;

let mermaid: MermaidClient | undefined;
afterEach(async () => {
  await mermaid?.close();
  mermaid = undefined;
});
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

/** A PLAYWRIGHT_BROWSERS_PATH whose headless shell (at the revision mcp-mermaid's Playwright expects) is the system Chromium. */
function browsersWithSystemChromium(): string {
  if (systemChromium === undefined) throw new Error('no system Chromium: run `node scripts/test-services.mjs` (the first step of `pnpm test`), or apt-get install chromium; RES_SKIP_BROWSER=1 skips this test');
  const playwright = createRequire(serverPackage).resolve('playwright/package.json');
  const core = createRequire(playwright).resolve('playwright-core/package.json');
  const { browsers } = JSON.parse(readFileSync(join(dirname(core), 'browsers.json'), 'utf8')) as { browsers: { name: string; revision: string }[] };
  const revision = browsers.find((browser) => browser.name === 'chromium-headless-shell')?.revision;
  if (revision === undefined) throw new Error('playwright-core/browsers.json has no chromium-headless-shell');
  const root = join(temp, 'browsers');
  const dir = join(root, `chromium_headless_shell-${revision}`, 'chrome-headless-shell-linux64');
  mkdirSync(dir, { recursive: true });
  symlinkSync(systemChromium, join(dir, 'chrome-headless-shell'));
  return root;
}

/** The real server, through the adapter; the browser is whatever `browsers` points at. */
function launch(browsers: string, bin = serverBin): MermaidClient {
  mermaid = createMermaidClient({
    env: {},
    connect: { command: process.execPath, args: bin === serverBin ? [serverBin] : [bin, serverBin], env: { PLAYWRIGHT_BROWSERS_PATH: browsers }, stderr: 'ignore' },
    policy: quick,
  });
  return mermaid;
}

describe('the real mcp-mermaid 0.4.1 over stdio', () => {
  it('lists exactly the catalog, through the adapter', async () => {
    const { tools } = await launch(noBrowser).listTools();
    expect(tools.map((tool) => tool.name)).toEqual(Object.keys(mermaidCatalog));
    expect(tools[0]?.annotations).toBeUndefined(); // no hints on the wire: the catalog gives the safety
    expect(Object.keys(tools[0]?.inputSchema.properties ?? {}).sort()).toEqual(['backgroundColor', 'mermaid', 'outputType', 'theme']);
  });

  it('the default connect is `npx -y mcp-mermaid` and passes PLAYWRIGHT_BROWSERS_PATH through', async () => {
    // A stand-in `npx` first on PATH: checks its arguments, then runs the installed server (no network).
    const bin = join(temp, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = "-y" ] && [ "$2" = "mcp-mermaid" ] || exit 97\nexec "${process.execPath}" "${serverBin}"\n`);
    chmodSync(join(bin, 'npx'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ''}`;
    try {
      mermaid = createMermaidClient({ env: { PLAYWRIGHT_BROWSERS_PATH: noBrowser }, policy: { ...quick, maxAttempts: 1 } });
      // The renderer looked for its browser where the variable said: it reached the child.
      await expect(mermaid.call('generate_mermaid_diagram', { mermaid: 'graph TD; A-->B' })).rejects.toMatchObject({
        kind: 'protocol', code: -32603, counted: true, message: expect.stringContaining(`Executable doesn't exist at ${noBrowser}/`) as unknown,
      });
    } finally {
      process.env.PATH = path;
    }
  });

  it('a renderer that cannot start is a counted failure: retried once, and three open the breaker', async () => {
    const client = launch(noBrowser);
    for (let i = 0; i < 3; i++) {
      await expect(client.call('generate_mermaid_diagram', { mermaid: 'graph TD; A-->B' })).rejects.toMatchObject({ kind: 'protocol', code: -32603, counted: true });
    }
    expect(client.health()).toMatchObject({ state: 'open', retries: 3, failures: 3 });
    await expect(client.call('generate_mermaid_diagram', { mermaid: 'graph TD; A-->B' })).rejects.toBeInstanceOf(BrokenCircuitError);
  });

  it('bad arguments are -32602, a caller error: no retry, no count', async () => {
    const client = launch(noBrowser);
    await expect(client.call('generate_mermaid_diagram', { mermaid: '' })).rejects.toMatchObject({ kind: 'caller', code: -32602 });
    await expect(client.callTool('generate_mermaid_diagram', { mermaid: 'graph TD; A-->B', theme: 'neon' })).rejects.toMatchObject({ kind: 'caller', code: -32602 });
    expect(client.health()).toMatchObject({ state: 'closed', failures: 0, retries: 0 });
  });

  it('copes with log lines on stdout: the SDK drops non-JSON lines (reported to onerror, which res ignores)', async () => {
    const { tools } = await launch(noBrowser, noisyServer).listTools();
    expect(tools).toHaveLength(1);
    const client = mermaid!;
    await expect(client.call('generate_mermaid_diagram', { mermaid: '' })).rejects.toMatchObject({ kind: 'caller', code: -32602 });
    expect(client.client.connected).toBe(true);
  });
});

describe.skipIf(skipBrowser)('rendering with a system Chromium', () => {
  it('renders a diagram, and a syntax error (-32603) is the caller\'s: not retried, not counted', async () => {
    const client = launch(browsersWithSystemChromium());
    // Concurrent: the renderer shares one browser launch between the renders in flight.
    const [svg, ...syntaxErrors] = await Promise.allSettled(
      ['graph TD; A-->B', 'graph TD; A-->', 'not a diagram at all'].map((text) => client.call('generate_mermaid_diagram', { mermaid: text, outputType: 'svg' })),
    );
    expect(svg).toMatchObject({ status: 'fulfilled', value: { content: [{ type: 'text', text: expect.stringMatching(/^<svg /) as unknown }] } });
    for (const outcome of syntaxErrors) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { kind: 'caller', code: -32603, counted: false, message: expect.stringContaining('diagram syntax error') as unknown } });
    }
    expect(client.health()).toMatchObject({ state: 'closed', failures: 0, retries: 0, successes: 1 });
  });
});
