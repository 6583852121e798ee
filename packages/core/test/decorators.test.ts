/**
 * Standard (TC39 / TS 5) method decorators. vite 8 cannot lower them, so
 * vitest.config.ts compiles this file with TypeScript first (as tsc does for users).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrokenCircuitError, CircuitBreaker, resilient, withFallback, type ResilientFunction } from '../src/index.js';
import { ConnectionError, rejectionOf, ValueError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The breaker a decorated method carries (TypeScript keeps the method's declared type). */
function breakerOf(owner: object, method: string): CircuitBreaker {
  return (Reflect.get(owner, method) as ResilientFunction<unknown[], unknown>).breaker;
}

describe('@resilient: the Python suite, ported', () => {
  // Ports test_circuit_decorator: circuit_breaker(2, 60) on a function that always fails.
  it('a decorated method opens its breaker after failureThreshold failures', async () => {
    class Service {
      calls = 0;
      @resilient({ failureThreshold: 2, recoveryTimeout: 60_000, maxAttempts: 1 })
      async fetch(): Promise<string> {
        this.calls++;
        throw new ConnectionError('down');
      }
    }
    const service = new Service();
    await expect(service.fetch()).rejects.toBeInstanceOf(ConnectionError);
    await expect(service.fetch()).rejects.toBeInstanceOf(ConnectionError);
    await expect(service.fetch()).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(service.calls).toBe(2);
  });

  // Ports test_retry_decorator: @retry(max_attempts=3) on an always-failing function.
  it('a decorated method is retried maxAttempts times, then the last error is rethrown', async () => {
    class Service {
      errors: ConnectionError[] = [];
      @resilient({ maxAttempts: 3, jitter: 'none' })
      async alwaysFailing(): Promise<never> {
        const error = new ConnectionError(`attempt ${this.errors.length + 1}`);
        this.errors.push(error);
        throw error;
      }
    }
    const service = new Service();
    const outcome = rejectionOf(service.alwaysFailing());
    await vi.advanceTimersByTimeAsync(300); // 100 + 200
    expect(await outcome).toBe(service.errors[2]);
    expect(service.errors).toHaveLength(3);
  });
});

describe('@resilient on class methods', () => {
  class Catalog {
    lookups = 0;
    constructor(readonly prefix: string) {}

    @resilient({ failureThreshold: 1, maxAttempts: 1 })
    async lookup(id: string): Promise<string> {
      this.lookups++;
      if (id === 'bad') throw new ConnectionError('down');
      return `${this.prefix}:${id}`;
    }

    @resilient({ name: 'catalog.search', maxAttempts: 1 })
    async search(): Promise<string[]> {
      return [this.prefix];
    }
  }

  it('keeps `this` and the arguments', async () => {
    const catalog = new Catalog('eu');
    await expect(catalog.lookup('7')).resolves.toBe('eu:7');
    expect(catalog.lookups).toBe(1);
  });

  it('has one breaker per decorated method, shared by all instances, at Class.prototype.method.breaker', async () => {
    const breaker = breakerOf(Catalog.prototype, 'lookup');
    expect(breaker).toBeInstanceOf(CircuitBreaker);
    expect(breaker.name).toBe('lookup');
    breaker.reset();
    const first = new Catalog('a');
    const second = new Catalog('b');
    expect(breakerOf(first, 'lookup')).toBe(breaker);
    await rejectionOf(first.lookup('bad'));
    expect(breaker.state).toBe('open');
    await expect(second.lookup('1')).rejects.toBeInstanceOf(BrokenCircuitError); // same breaker
    expect(second.lookups).toBe(0);
    await expect(second.search()).resolves.toEqual(['b']); // another method, another breaker
    breaker.reset();
  });

  it('names each breaker after its method unless a name is given', () => {
    expect(breakerOf(Catalog.prototype, 'search').name).toBe('catalog.search');
    expect(breakerOf(Catalog.prototype, 'search')).not.toBe(breakerOf(Catalog.prototype, 'lookup'));
  });

  it('a subclass shares the inherited method and its breaker', async () => {
    class Regional extends Catalog {}
    expect(breakerOf(Regional.prototype, 'lookup')).toBe(breakerOf(Catalog.prototype, 'lookup'));
    await expect(new Regional('us').lookup('3')).resolves.toBe('us:3');
  });

  it('applies the fallback option with `this` and the arguments', async () => {
    class Prices {
      readonly cache = new Map([['sku-1', 9.5]]);
      @resilient({
        maxAttempts: 1,
        fallback(this: Prices, _error: unknown, sku: string) {
          return this.cache.get(sku);
        },
      })
      async price(_sku: string): Promise<number | undefined> {
        throw new ConnectionError('pricing down');
      }
    }
    await expect(new Prices().price('sku-1')).resolves.toBe(9.5);
  });

  it('refuses to decorate anything but a method', () => {
    const decorate = resilient() as unknown as (value: unknown, context: { kind: string; name: string }) => unknown;
    expect(() => decorate(() => 1, { kind: 'getter', name: 'x' })).toThrow(new TypeError('can decorate methods only, not a getter'));
  });
});

describe('@withFallback', () => {
  class Weather {
    constructor(readonly city: string) {}

    @withFallback(function (this: Weather, error: unknown, day: string) {
      return `no forecast for ${this.city} on ${day} (${(error as Error).message})`;
    })
    async forecast(day: string): Promise<string> {
      throw new ConnectionError(`upstream down for ${day}`);
    }

    @withFallback('unknown', { on: (e) => e instanceof ConnectionError })
    async humidity(kind: 'down' | 'bad'): Promise<string> {
      throw kind === 'down' ? new ConnectionError('down') : new ValueError('bad');
    }
  }

  it('returns the fallback with `this` and the arguments of the call', async () => {
    await expect(new Weather('Oslo').forecast('monday')).resolves.toBe('no forecast for Oslo on monday (upstream down for monday)');
  });

  it('filters errors with `on`', async () => {
    const weather = new Weather('Rome');
    await expect(weather.humidity('down')).resolves.toBe('unknown');
    await expect(weather.humidity('bad')).rejects.toBeInstanceOf(ValueError);
  });

  it('keeps the method name', () => {
    expect((Reflect.get(Weather.prototype, 'forecast') as () => unknown).name).toBe('forecast');
  });
});
