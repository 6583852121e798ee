// The redaction module (DESIGN §9) and bounded pagination, unit by unit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, listAll, oneLine, PaginationLimitError, redactUrl, secretsOf, ListDeadlineError } from '../src/index.js';

describe('oneLine', () => {
  it('never returns a line break or more than max characters, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3_000 }), fc.integer({ min: 2, max: 1_500 }), (text, max) => {
        const line = oneLine(text, max);
        expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
        expect(line.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 2_000 },
    );
  });

  it('cuts a 20 MB text without scanning it whole', () => {
    const started = Date.now();
    expect(oneLine('x'.repeat(20 * 1024 * 1024)).length).toBe(1_000);
    expect(Date.now() - started).toBeLessThan(200);
  });
});

describe('redaction', () => {
  it('hides header values, each word of them, env values and URL credentials', () => {
    const secrets = secretsOf({ url: 'http://127.0.0.1/mcp?key=QUERYSECRET', headers: { Authorization: 'Bearer TOKEN123456' } });
    const redact = createRedactor([...secrets, ...secretsOf({ command: 'x', env: { API_KEY: 'ENVSECRET99', PATH: '/usr/bin', SHORT: 'abc' } })]);
    const text = redact('sent Bearer TOKEN123456, then TOKEN123456 alone, ENVSECRET99, http://u:pw@h/x?key=QUERYSECRET /usr/bin abc');
    expect(text).not.toMatch(/TOKEN123456|ENVSECRET99|QUERYSECRET|u:pw/);
    expect(text).toContain('/usr/bin');
    expect(text).toContain(' abc');
  });

  it('redactUrl drops userinfo and query values', () => {
    expect(redactUrl('http://user:pw@127.0.0.1:3000/mcp?token=abc&x=1')).toBe('http://[redacted]@127.0.0.1:3000/mcp?token=[redacted]&x=[redacted]');
  });

  it('no known secret survives, wherever it sits in a text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 40 }).filter((s) => s.trim() === s && !/\s/.test(s)), fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (secret, before, after) => {
        expect(createRedactor([secret])(`${before}${secret}${after}`)).not.toContain(secret);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('listAll', () => {
  const endless = (cursor: string | undefined) => Promise.resolve({ items: [cursor ?? '0'], nextCursor: String(Number(cursor ?? 0) + 1) });

  it('stops after maxPages with a PaginationLimitError', async () => {
    await expect(listAll('tools/list', endless, { deadline: Date.now() + 10_000, maxPages: 5 })).rejects.toThrow(PaginationLimitError);
    await expect(listAll('tools/list', endless, { deadline: Date.now() + 10_000 })).rejects.toThrow(/more than 100 pages/);
  });

  it('stops on a cursor seen before', async () => {
    await expect(listAll('tools/list', () => Promise.resolve({ items: [1], nextCursor: 'same' }), { deadline: Date.now() + 10_000 })).rejects.toThrow(/repeated/);
  });

  it('gives each page the time left, and stops at the deadline', async () => {
    const timeouts: number[] = [];
    const fetchPage = (_cursor: string | undefined, options: { timeout: number }) => {
      timeouts.push(options.timeout);
      return Promise.resolve({ items: [1], nextCursor: String(timeouts.length) });
    };
    await expect(listAll('tools/list', fetchPage, { deadline: Date.now() - 1 })).rejects.toThrow(ListDeadlineError);
    expect(timeouts).toEqual([]);
  });

  it('follows the signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    await expect(listAll('tools/list', endless, { deadline: Date.now() + 10_000, signal: controller.signal })).rejects.toThrow('caller gave up');
  });
});
