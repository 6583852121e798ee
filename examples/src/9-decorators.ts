// 9. Standard decorators: `@resilient` and `@withFallback` on class methods. One breaker per
// decorated method, shared by every instance: failures through one instance open it for all.
//
//   pnpm --filter @res/examples build && node examples/dist/9-decorators.js
//
// These are TC39 standard decorators (TypeScript >= 5, without `experimentalDecorators`).
// `tsc` lowers them for Node 20, which cannot parse them raw; runners whose compiler only
// lowers legacy decorators (vitest 4 with vite 8) need a decorator transform, or run the
// `tsc` output as this example's test does.
import { BrokenCircuitError, resilient, withFallback, type ResilientFunction } from '@res/core';

// A price service that is down: every request fails.
let requests = 0;
function fetchPrice(sku: string): Promise<number> {
  requests++;
  return Promise.reject(new Error(`price service unavailable (${sku})`));
}

class PriceClient {
  constructor(readonly region: string) {}

  @resilient({ failureThreshold: 2, recoveryTimeout: 10_000, maxAttempts: 1 })
  price(sku: string): Promise<number> {
    return fetchPrice(`${this.region}/${sku}`); // `this` is the instance, as usual
  }

  // The fallback gets the error, then the call's arguments (and the same `this`).
  @withFallback((_error: unknown, sku: string) => `${sku}: price unavailable, try later`)
  async label(sku: string): Promise<string> {
    return `${sku}: ${await this.price(sku)} EUR`;
  }
}

const eu = new PriceClient('eu');
const us = new PriceClient('us');
// The breaker lives on the decorated method, so on the prototype (read here, not called):
// eslint-disable-next-line @typescript-eslint/unbound-method
const { breaker } = PriceClient.prototype.price as unknown as ResilientFunction<[string], Promise<number>>;
breaker.on('stateChange', ({ name, from, to }) => {
  console.log(`  breaker "${name}": ${from} -> ${to}`);
});

for (const [client, sku] of [[eu, 'A1'], [eu, 'B2'], [us, 'C3']] as const) {
  try {
    await client.price(sku);
  } catch (error: unknown) {
    const why = error instanceof BrokenCircuitError ? 'rejected by the shared breaker' : 'failed';
    console.log(`${client.region}.price(${sku}): ${why}`);
  }
}
console.log(`requests sent: ${requests}; breaker ${breaker.state} for every instance`);
console.log(await us.label('D4'));
