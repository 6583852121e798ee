/**
 * The status page in a real headless Chromium (Debian's, driven by playwright-core): every
 * server's row, a server killed turning its row open within a second, then closed again after
 * the supervisor restarts it. Screenshots go to test-artifacts/ (gitignored). Needs a system
 * Chromium; RES_SKIP_BROWSER=1 is the one explicit opt-out (as for @res/mermaid's rendering test).
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer, stdioServer, type HttpServerHandle, type StdioServerHandle } from '@res/testkit';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStatusServer } from '../src/gateway/status-server.js';
import { eventually, inProcessGateway } from './gateway-helpers.js';

const systemChromium = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const skipBrowser = !['', '0', 'false'].includes((process.env.RES_SKIP_BROWSER ?? '').toLowerCase());
const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(skipBrowser)('the status page in a headless browser', () => {
  let notes: StdioServerHandle;
  let tickets: StdioServerHandle;
  let search: HttpServerHandle;
  let gateway: Awaited<ReturnType<typeof inProcessGateway>>;
  let status: Awaited<ReturnType<typeof startStatusServer>>;
  let browser: BrowserContext;

  beforeAll(async () => {
    if (systemChromium === undefined) throw new Error('no system Chromium: run `node scripts/test-services.mjs`, or apt-get install chromium; RES_SKIP_BROWSER=1 skips this test');
    notes = stdioServer();
    tickets = stdioServer({ faults: { send_item: { type: 'fail-first', count: 2, fault: { type: 'fail' } } } });
    search = await startHttpServer({ port: 0 });
    gateway = await inProcessGateway(
      { notes: notes.connect, search: { url: search.url }, tickets: { ...tickets.connect, res: { preset: 'local' } }, mail: { command: 'mail-mcp', res: { server: 'mailgun' } } },
      { supervision: { baseDelay: 1_500, maxDelay: 1_500 } },
    );
    status = await startStatusServer(gateway.registry, { port: 0, logger: gateway.logger, tick: 250 });
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'res-chromium-')), { executablePath: systemChromium, headless: true, args: FLAGS });
    mkdirSync(artifacts, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await status.stop();
    await gateway.close();
    await Promise.all([notes.dispose(), tickets.dispose(), search.close()]);
  });

  it('shows every server, turns a killed one open within a second and closed after recovery', async () => {
    await eventually(async () => {
      expect(await gateway.toolNames()).toEqual(expect.arrayContaining(['notes__read_item', 'search__read_item', 'tickets__send_item']));
    });
    for (let i = 0; i < 5; i++) await gateway.host.callTool({ name: 'notes__read_item', arguments: { id: String(i) } });
    for (let i = 0; i < 3; i++) await gateway.host.callTool({ name: 'search__slow_read', arguments: { id: String(i) } });
    for (let i = 0; i < 3; i++) await gateway.host.callTool({ name: 'tickets__send_item', arguments: { id: String(i) } });

    const page = await browser.newPage();
    await page.goto(status.url);
    const row = (name: string) => page.locator(`tr[data-server="${name}"]`);
    for (const name of ['notes', 'search', 'tickets', 'mail']) await expect(row(name).count()).resolves.toBe(1);
    await page.waitForSelector('tr[data-server="notes"][data-state="closed"]', { timeout: 5_000 });
    expect(await row('mail').getAttribute('data-state')).toBe('misconfigured');
    expect(await row('notes').locator('td[data-key=calls]').textContent()).toBe('5');
    await page.waitForSelector('#live:has-text("live")', { timeout: 5_000 });
    await page.screenshot({ path: join(artifacts, 'status-page-before.png'), fullPage: true });

    const [pid] = notes.alivePids();
    const killed = Date.now();
    process.kill(pid ?? 0, 'SIGKILL');
    await page.waitForSelector('tr[data-server="notes"][data-state="open"]', { timeout: 1_000 });
    expect(Date.now() - killed).toBeLessThan(1_000);
    expect(await row('notes').locator('td[data-key=state]').textContent()).toMatch(/open restarting in \d s/);
    expect(await row('search').getAttribute('data-state')).toBe('closed');
    await page.screenshot({ path: join(artifacts, 'status-page-open.png'), fullPage: true });

    await page.waitForSelector('tr[data-server="notes"][data-state="closed"]', { timeout: 10_000 });
    expect(await row('notes').locator('td[data-key=restarts]').textContent()).toBe('1');

    await page.setViewportSize({ width: 390, height: 844 }); // a phone
    expect(await row('notes').locator('td[data-key=name]').isVisible()).toBe(true);
    expect(await page.locator('thead').isVisible()).toBe(false);
    await page.screenshot({ path: join(artifacts, 'status-page-phone.png'), fullPage: true });
  });

  it('reads without JavaScript: the rows are in the HTML', async () => {
    const html = await (await fetch(status.url)).text();
    expect(html).toMatch(/<tr data-server="notes" data-state="(closed|open)">/);
    expect(html).toContain('<script src="/status.js"></script>');
  });
});
