import { describe, expect, it } from 'vitest';
import { CALM_AT, SERVERS, SERVER_NAMES, selectServers } from '../src/servers.js';

describe('the nine servers', () => {
  it('are all there, in table order', () => {
    expect(SERVER_NAMES).toEqual(['mahavishnu', 'session-buddy', 'akosha', 'excalidraw', 'mailgun', 'unifi', 'raindropio', 'mermaid', 'chart-antv']);
    expect(selectServers(['mermaid', 'mailgun']).map((server) => server.name)).toEqual(['mailgun', 'mermaid']);
  });

  describe.each(SERVERS.map((server) => [server.name, server] as const))('%s', (_name, server) => {
    const tools = Object.keys(server.catalog);

    it('has a workload of catalog tools, mostly reads, each with a realistic answer', () => {
      const weights = { read: 0, idempotent: 0, unsafe: 0 };
      for (const item of server.workload) {
        expect(tools).toContain(item.tool);
        expect(Object.keys(server.results)).toContain(item.tool);
        weights[server.safety(item.tool)] += item.weight;
      }
      expect(weights.read).toBeGreaterThan(weights.idempotent + weights.unsafe);
    });

    it('caches only read tools', () => {
      for (const tool of server.cached) expect(server.safety(tool)).toBe('read');
    });

    it('has a fault timeline that ends before the calm phase', () => {
      expect(server.timeline.length).toBeGreaterThan(0);
      const starts = server.timeline.map((step) => step.at);
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      for (const step of server.timeline) {
        expect(step.at).toBeGreaterThan(0);
        expect(step.at).toBeLessThan(CALM_AT - 0.04); // room for the seeded shift
        expect(step.label).not.toBe('');
        for (const tool of Object.keys(step.faults)) if (tool !== '*') expect(tools).toContain(tool);
      }
      // At least one step breaks every tool, so the breaker has something to open on.
      expect(server.timeline.some((step) => '*' in step.faults)).toBe(true);
    });
  });

  it('between them call unsafe tools, and crash at least one server mid-call', () => {
    expect(SERVERS.flatMap((server) => server.workload.filter((item) => server.safety(item.tool) === 'unsafe')).length).toBeGreaterThan(5);
    const crash = JSON.stringify(SERVERS.flatMap((server) => server.timeline.map((step) => step.faults)));
    expect(crash).toContain('"type":"crash"');
  });
});
