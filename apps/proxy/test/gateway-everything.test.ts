import { fileURLToPath } from 'node:url';
import { startHttpServer, stdioServer, type HttpServerHandle, type StdioServerHandle } from '@res/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, inProcessGateway, textOf } from './gateway-helpers.js';

// The real @modelcontextprotocol/server-everything (stdio) beside testkit fakes over stdio and HTTP.
const everything = fileURLToPath(new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));

describe('gateway over server-everything and testkit fakes', () => {
  let fake: StdioServerHandle;
  let web: HttpServerHandle;
  let gateway: Awaited<ReturnType<typeof inProcessGateway>>;

  beforeAll(async () => {
    fake = stdioServer();
    web = await startHttpServer({ port: 0 });
    gateway = await inProcessGateway({
      everything: { command: process.execPath, args: [everything, 'stdio'], res: { preset: 'local' } },
      fake: fake.connect,
      web: { url: web.url },
    }, { listTimeout: 5_000 });
  }, 30_000);
  afterAll(async () => {
    await gateway.close();
    await Promise.all([fake.dispose(), web.close()]);
  });

  it('tools, prompts and resources of every server, prefixed, and calls routed to each', async () => {
    await eventually(async () => {
      expect(await gateway.toolNames()).toEqual(expect.arrayContaining(['everything__echo', 'fake__read_item', 'web__read_item']));
    }, 20_000);
    expect(textOf(await gateway.host.callTool({ name: 'everything__echo', arguments: { message: 'through the gateway' } }))).toContain('through the gateway');
    expect((await gateway.host.callTool({ name: 'fake__read_item', arguments: { id: '1' } })).isError).not.toBe(true);
    expect((await gateway.host.callTool({ name: 'web__read_item', arguments: { id: '1' } })).isError).not.toBe(true);

    const prompts = (await gateway.host.listPrompts()).prompts.map((prompt) => prompt.name);
    expect(prompts.every((name) => /^(everything|fake|web)__/.test(name))).toBe(true);
    const own = prompts.filter((name) => name.startsWith('everything__'));
    expect(own.length).toBeGreaterThan(0);
    const simple = own.find((name) => /simple/i.test(name)) ?? own[0] ?? '';
    const prompt = await gateway.host.getPrompt({ name: simple, arguments: {} });
    expect(prompt.messages.length).toBeGreaterThan(0);

    const resources = (await gateway.host.listResources()).resources;
    const mine = resources.filter((resource) => resource.name.startsWith('everything__'));
    expect(mine.length).toBeGreaterThan(0);
    const read = await gateway.host.readResource({ uri: mine[0]?.uri ?? '' });
    expect(read.contents.length).toBeGreaterThan(0);
    expect(resources.some((resource) => resource.name.startsWith('fake__') || resource.name.startsWith('web__'))).toBe(true);
  }, 30_000);
});
