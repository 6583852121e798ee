import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/gateway/config.js';
import { collisionMessage, Namespace } from '../src/gateway/names.js';

const secret = 'sk-live-DO-NOT-PRINT-0123456789';

describe('gateway config: the hosts’ shape plus a res block', () => {
  it('reads stdio and HTTP servers in file order, with their own env and res block', () => {
    const servers = parseGatewayConfig({
      mcpServers: {
        mermaid: { command: 'npx', args: ['-y', 'mcp-mermaid'], res: { server: 'mermaid', preset: 'local' } },
        mail: { url: 'http://127.0.0.1:3039/mcp', headers: { Authorization: `Bearer ${secret}` }, env: { MAILGUN_API_KEY: secret }, res: { server: 'mailgun', policy: { timeout: 5000 } } },
        fs: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'], env: { A: 'b' }, cwd: '/tmp', autoApprove: [] },
        off: { command: 'x', disabled: true },
      },
    }, 'gateway.json');
    expect(servers).toEqual([
      { name: 'mermaid', ok: true, connect: { command: 'npx', args: ['-y', 'mcp-mermaid'], env: {} }, env: {}, res: { server: 'mermaid', preset: 'local' } },
      { name: 'mail', ok: true, connect: { url: 'http://127.0.0.1:3039/mcp', headers: { Authorization: `Bearer ${secret}` } }, env: { MAILGUN_API_KEY: secret }, res: { server: 'mailgun', policy: { timeout: 5000 } } },
      { name: 'fs', ok: true, connect: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'], env: { A: 'b' }, cwd: '/tmp' }, env: { A: 'b' }, res: {} },
    ]);
  });

  it('a bad server is misconfigured, named field by field, and the others are kept', () => {
    const servers = parseGatewayConfig({
      mcpServers: {
        good: { command: 'node', args: ['server.js'] },
        typo: { command: 'x', res: { sever: 'mermaid', policy: { timeout: -1 } } },
        unknown: { command: 'x', res: { server: 'constructor' } },
        proto: { command: 'x', res: { server: '__proto__' } },
        'has space': { command: 'x' },
        creds: { url: `https://me:${secret}@example.com/mcp` },
        envs: { command: 'x', env: { KEY: 1 } },
      },
    }, 'gateway.json');
    expect(servers[0]).toMatchObject({ name: 'good', ok: true });
    const problems = Object.fromEntries(servers.slice(1).map((server) => [server.name, server.ok ? [] : server.problems]));
    expect(problems).toEqual({
      typo: ['  mcpServers.typo.res.policy.timeout: Too small: expected number to be >0', '  mcpServers.typo.res: Unrecognized key: "sever"'],
      unknown: ['  mcpServers.unknown.res.server: must be one of mahavishnu, session-buddy, akosha, excalidraw, mailgun, unifi, raindropio, mermaid, chart-antv'],
      proto: ['  mcpServers.proto.res.server: must be one of mahavishnu, session-buddy, akosha, excalidraw, mailgun, unifi, raindropio, mermaid, chart-antv'],
      'has space': ["  mcpServers.has space: a gateway server name may use letters, digits, '_', '-' and '.' (up to 64): it prefixes tool names"],
      creds: ['  mcpServers.creds.url: credentials in the URL are not allowed: put them in "headers"'],
      envs: ['  mcpServers.envs.env.KEY: Invalid input: expected string, received number'],
    });
    expect(JSON.stringify(servers.slice(1))).not.toContain(secret);
  });

  it('a file that is not a gateway config is refused as a whole', () => {
    expect(() => parseGatewayConfig([], 'g.json')).toThrow('g.json: expected a JSON object with "mcpServers"');
    expect(() => parseGatewayConfig({ mcpServers: [] }, 'g.json')).toThrow('g.json: expected "mcpServers" to be an object of servers');
    expect(() => parseGatewayConfig(JSON.parse('{"__proto__": {"mcpServers": {}}}'), 'g.json')).toThrow('expected "mcpServers"');
  });
});

describe('gateway names', () => {
  it('prefixes with <name>__ and routes back by exact lookup', () => {
    const names = new Namespace();
    expect(names.qualify('mermaid', 'generate')).toBe('mermaid__generate');
    const { routes, collisions } = names.routes([['a', ['echo', 'add']], ['b', ['echo']]]);
    expect([...routes]).toEqual([
      ['a__echo', { server: 'a', name: 'echo' }],
      ['a__add', { server: 'a', name: 'add' }],
      ['b__echo', { server: 'b', name: 'echo' }],
    ]);
    expect(collisions).toEqual([]);
    expect(routes.get('constructor')).toBeUndefined();
  });

  it('a configurable separator; a name not listed yet is split by the longest server name', () => {
    const names = new Namespace({ separator: '.' });
    expect(names.qualify('a', 'x')).toBe('a.x');
    expect(names.split('a.b.tool', ['a', 'a.b'])).toEqual({ server: 'a.b', name: 'tool' });
    expect(names.split('a.', ['a'])).toBeUndefined();
    expect(() => new Namespace({ separator: '::' })).toThrow(RangeError);
    expect(() => new Namespace({ separator: '' })).toThrow("separator must be 1 to 8 of letters, digits, '_', '-', '.', got \"\"");
  });

  it('--no-prefix: bare names, and a clear message when two servers offer one', () => {
    const names = new Namespace({ prefix: false });
    const { routes, collisions } = names.routes([['a', ['echo']], ['b', ['echo', 'add']]]);
    expect(routes.get('echo')).toEqual({ server: 'a', name: 'echo' });
    expect(routes.get('add')).toEqual({ server: 'b', name: 'add' });
    expect(collisionMessage(collisions, 'tool')).toBe('--no-prefix: names collide (tool "echo" is offered by a and b); drop --no-prefix or remove one of the servers');
    expect(names.split('a__echo', ['a'])).toBeUndefined();
  });
});
