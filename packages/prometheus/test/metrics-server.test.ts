import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { instrument, metricsServer, type MetricsServer } from '../src/index.js';
import { itemsClient } from './helpers.js';

let endpoint: MetricsServer | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

describe('metricsServer', () => {
  it('serves /metrics over HTTP on 127.0.0.1 with the Prometheus content type', async () => {
    const registry = new Registry();
    const { client, server } = itemsClient();
    instrument(client, { registry });
    await client.callTool('read_item', { id: 'a' });
    endpoint = await metricsServer({ registry, port: 0 });
    expect(endpoint.url).toBe(`http://127.0.0.1:${endpoint.port}/metrics`);
    const response = await fetch(endpoint.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('# TYPE res_calls_total counter');
    expect(body).toContain('res_calls_total{server="items",tool="read_item",outcome="success"} 1');
    expect(body).toContain('res_breaker_state{server="items",state="closed"} 1');
    expect(body).toContain('res_call_duration_seconds_bucket{le="600",server="items",tool="read_item"} 1');
    await client.close();
    await server.close();
  });

  it('answers 404 elsewhere, 405 to other methods, and HEAD without a body', async () => {
    endpoint = await metricsServer({ registry: new Registry(), port: 0 });
    const base = `http://127.0.0.1:${endpoint.port}`;
    expect((await fetch(`${base}/`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${base}/metrics?x=1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('rejects when the port is taken, and validates the port', async () => {
    endpoint = await metricsServer({ registry: new Registry(), port: 0 });
    await expect(metricsServer({ registry: new Registry(), port: endpoint.port })).rejects.toThrow(/EADDRINUSE/);
    await expect(metricsServer({ port: 70_000 })).rejects.toThrow(RangeError);
  });
});
