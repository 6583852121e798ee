import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/gateway/config.js';
import { Registry } from '../src/gateway/registry.js';
import { statusRows } from '../src/gateway/status-rows.js';
import { oneLine, redactorFor } from '../src/gateway/text.js';
import { eventually, memoryLogger } from './gateway-helpers.js';

describe('text shown by the gateway', () => {
  it('one line, bounded: a server cannot forge a log line', () => {
    expect(oneLine('boom\n2030-01-01T00:00:00Z res-proxy info FORGED\r\u2028x', 1_000)).toBe('boom 2030-01-01T00:00:00Z res-proxy info FORGED x');
    expect(oneLine('x'.repeat(5_000), 200)).toHaveLength(200);
  });

  it('known secret values are redacted, longest first; short values are left alone', () => {
    const redact = redactorFor(['sk-live-0123456789', 'sk-live-0123', 'abc']);
    expect(redact('key sk-live-0123456789 and sk-live-0123 abc')).toBe('key [redacted] and [redacted] abc');
  });

  it("a server's env values never reach res_health, the log or the status page", async () => {
    const secret = 'sk-live-DO-NOT-SHOW-0123456789';
    const logger = memoryLogger();
    const registry = new Registry(parseGatewayConfig({ mcpServers: { leaky: { command: `/nonexistent/${secret}`, env: { API_KEY: secret }, res: { policy: { maxAttempts: 1 } } } } }, 'g.json'), {
      logger,
      supervision: { baseDelay: 10_000 },
    });
    registry.start();
    try {
      const [health] = await eventually(() => {
        const report = registry.health();
        expect(report[0]?.lastExit).toBeDefined();
        return report;
      });
      const shown = [JSON.stringify(registry.health()), logger.lines.join('\n'), JSON.stringify(statusRows(registry.health(), Date.now()))].join('\n');
      expect(shown).toContain('[redacted]');
      expect(shown).not.toContain(secret);
      expect(health?.lastExit?.detail).toMatch(/\[redacted\]/);
    } finally {
      await registry.close();
    }
  });
});
