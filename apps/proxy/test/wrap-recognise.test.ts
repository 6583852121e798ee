import { describe, expect, it } from 'vitest';
import { isResProxy, recogniseCommand, recogniseUrl } from '../src/wrap/recognise.js';

describe('recognising the shipped servers by their launch', () => {
  it.each([
    ['mermaid', 'npx', ['-y', 'mcp-mermaid']],
    ['mermaid', '/usr/local/bin/mcp-mermaid', []],
    ['chart-antv', 'npx', ['-y', '@antv/mcp-server-chart@0.8.1']],
    ['chart-antv', 'mcp-server-chart', ['-t', 'stdio']],
    ['raindropio', 'uv', ['run', 'python', '-m', 'raindropio_mcp.main']],
    ['raindropio', 'raindropio-mcp', []],
    ['mailgun', 'python', ['-m', 'mailgun_mcp', 'start']],
    ['akosha', 'python', ['-m', 'akosha.mcp']],
    ['excalidraw', 'excalidraw-mcp', ['start']],
    ['mahavishnu', 'mahavishnu', ['mcp', 'start']],
    ['session-buddy', 'uvx', ['session-buddy', 'start']],
    ['unifi', 'python', ['-m', 'unifi_mcp', 'start']],
  ] as const)('%s: %s %j', (server, command, args) => {
    expect(recogniseCommand(command, args)).toBe(server);
  });

  it.each([
    ['npx', ['-y', '@mailgun/mcp-server']],
    ['npx', ['-y', 'mcp-excalidraw-server']],
    ['uvx', ['unifi-network-mcp@latest']],
    ['npx', ['-y', '@adeze/raindrop-mcp']],
    ['npx', ['-y', '@modelcontextprotocol/server-everything']],
  ] as const)('a different server with a similar name is not recognised: %s %j', (command, args) => {
    expect(recogniseCommand(command, args)).toBeUndefined();
  });

  it('an HTTP server by its default loopback URL only', () => {
    expect(recogniseUrl('http://127.0.0.1:3039/mcp')).toBe('mailgun');
    expect(recogniseUrl('http://localhost:8678/mcp/')).toBe('session-buddy');
    expect(recogniseUrl('http://[::1]:8682/mcp')).toBe('akosha');
    expect(recogniseUrl('https://mail.example.com:3039/mcp')).toBeUndefined();
    expect(recogniseUrl('http://127.0.0.1:3039/other')).toBeUndefined();
    expect(recogniseUrl('not a url')).toBeUndefined();
  });

  it('res-proxy itself, published or from a checkout', () => {
    expect(isResProxy('npx', ['-y', '@res/proxy@0.2.0', '--config', 'g.json'])).toBe(true);
    expect(isResProxy('/usr/local/bin/res-proxy', [])).toBe(true);
    expect(isResProxy('node', ['/home/me/res/apps/proxy/dist/bin.js', '--', 'npx', 'mcp-mermaid'])).toBe(true);
    expect(isResProxy('npx', ['-y', 'mcp-mermaid'])).toBe(false);
  });
});
