/** UniFi-MCP: a LAN network controller; failures are `isError` text (httpx errors, FastMCP's global rate limit). */
import { toolError } from '@res/testkit';
import { unifiAdapter } from '@res/unifi';
import { unifiFaults } from '@res/unifi/testing';
import { defineDemoServer, flaky } from './types.js';

const DEVICES = [
  { mac: 'f4:92:bf:12:34:56', name: 'Office U6-Pro', model: 'U6PRO', type: 'uap', state: 1, ip: '192.168.1.21', version: '6.6.77', uptime: 1_209_600, num_sta: 14 },
  { mac: 'f4:92:bf:65:43:21', name: 'Hall U6-Lite', model: 'U6LITE', type: 'uap', state: 1, ip: '192.168.1.22', version: '6.6.77', uptime: 1_209_480, num_sta: 9 },
  { mac: '74:ac:b9:0a:0b:0c', name: 'Core USW-24', model: 'USW24', type: 'usw', state: 1, ip: '192.168.1.2', version: '7.0.50', uptime: 2_592_000, num_sta: 0 },
];
const APS = DEVICES.filter((device) => device.type === 'uap').map((device) => device.mac);

export const unifi = defineDemoServer({
  adapter: unifiAdapter,
  title: 'UniFi-MCP',
  latencyMs: 30,
  results: {
    unifi_get_devices: DEVICES,
    unifi_get_clients: [
      { mac: '3c:22:fb:aa:bb:01', hostname: 'ana-macbook', ip: '192.168.1.104', essid: 'HomeNet', signal: -58, rx_bytes: 812_334_112, tx_bytes: 95_112_004 },
      { mac: '3c:22:fb:aa:bb:02', hostname: 'living-room-tv', ip: '192.168.1.131', essid: 'HomeNet-IoT', signal: -66, rx_bytes: 4_112_998_001, tx_bytes: 31_200_554 },
    ],
    unifi_get_statistics: { site: 'default', num_ap: 2, num_sw: 1, num_gw: 1, num_sta: 37, wan: { status: 'ok', latency_ms: 11, xput_down_mbps: 912.4, xput_up_mbps: 48.7 } },
    unifi_get_access_logs: [{ door: 'Front door', user: 'Ana Silva', result: 'ACCESS', timestamp: '2025-03-10T08:02:11Z' }],
    unifi_enable_ap: { meta: { rc: 'ok' }, data: [{ mac: APS[0], disabled: false }] },
    unifi_restart_device: { meta: { rc: 'ok' }, data: [] },
  },
  workload: [
    { tool: 'unifi_get_devices', weight: 3, args: () => ({ site_id: 'default' }) },
    { tool: 'unifi_get_clients', weight: 3, args: () => ({ site_id: 'default' }) },
    { tool: 'unifi_get_statistics', weight: 2, args: () => ({ site_id: 'default' }) },
    { tool: 'unifi_get_access_logs', weight: 1, args: () => ({}) },
    { tool: 'unifi_enable_ap', weight: 1, args: (rng) => ({ site_id: 'default', mac: rng.pick(APS) }) },
    { tool: 'unifi_restart_device', weight: 1, args: (rng) => ({ site_id: 'default', mac: rng.pick(APS) }) },
  ],
  cached: ['unifi_get_devices', 'unifi_get_statistics'],
  timeline: [
    // Only on reads: the fake runs a handler to answer it, where the real limiter rejects before any tool runs.
    {
      at: 0.1,
      label: 'Global rate limit exceeded (50%)',
      faults: { unifi_get_devices: flaky(0.5, toolError.globalRateLimit()), unifi_get_clients: flaky(0.5, toolError.globalRateLimit()) },
    },
    { at: 0.22, label: 'calm', faults: {} },
    { at: 0.32, label: "controller down: '502 Bad Gateway'", faults: { '*': unifiFaults.httpError(502, 'Bad Gateway') } },
    { at: 0.52, label: 'calm', faults: {} },
  ],
});
