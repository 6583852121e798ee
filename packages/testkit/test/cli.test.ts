import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseToolFlag } from '../src/cli.js';
import { parseChildConfig } from '../src/config.js';

describe('parseToolFlag', () => {
  it('maps hints to annotations', () => {
    expect(parseToolFlag('a')).toEqual({ name: 'a' });
    expect(parseToolFlag('a:read')).toEqual({ name: 'a', annotations: { readOnlyHint: true } });
    expect(parseToolFlag('a:idempotent').annotations).toMatchObject({ idempotentHint: true });
    expect(() => parseToolFlag('a:sometimes')).toThrow(/read, idempotent or unsafe/);
  });
});

describe('parseCommandLine', () => {
  it('reads flags', () => {
    const { config, help } = parseCommandLine(['--tool', 'a:read', '--fault', 'a=slow:10', '--fault', '*=hang', '--ledger', 'l', '--plan', 'p', '--name', 'n']);
    expect(help).toBe(false);
    expect(config).toEqual({
      tools: [{ name: 'a', annotations: { readOnlyHint: true } }],
      faults: { a: { type: 'slow', ms: 10 }, '*': { type: 'hang' } },
      ledger: 'l',
      plan: 'p',
      name: 'n',
    });
    expect(parseCommandLine(['--help']).help).toBe(true);
    expect(() => parseCommandLine(['--fault', 'hang'])).toThrow(/expected tool=fault/);
    expect(() => parseCommandLine(['--bogus'])).toThrow();
  });

  it('puts flags on top of a config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ name: 'from-file', tools: [{ name: 'x' }], faults: { x: { type: 'fail' } } }));
      const { config } = parseCommandLine(['--config', file, '--tool', 'y', '--fault', 'x=hang']);
      expect(config).toEqual({ name: 'from-file', tools: [{ name: 'x' }, { name: 'y' }], faults: { x: { type: 'hang' } } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseChildConfig', () => {
  it('names bad fields', () => {
    expect(() => parseChildConfig({ tools: [{ name: 'a' }, { name: 'a' }] })).toThrow(/tool 'a' is defined twice/);
    expect(() => parseChildConfig({ tools: [{ name: 'a', inputSchema: { type: 'string' } }] })).toThrow(/config\.tools\[0\]\.inputSchema/);
    expect(() => parseChildConfig({ tools: [{ name: 'a', annotations: { readOnlyHint: 'yes' } }] })).toThrow(/readOnlyHint must be a boolean/);
    expect(() => parseChildConfig({ faults: { a: { type: 'slow', ms: 'x' } } })).toThrow(/config\.faults\.a\.ms/);
    expect(() => parseChildConfig({ ledger: 3 })).toThrow(/config\.ledger/);
    expect(() => parseChildConfig({ tools: [{ name: 'a', latencyMs: -1 }] })).toThrow(RangeError);
    expect(() => parseChildConfig({ tools: [{ name: '*' }] })).toThrow(/reserved/);
  });
});
