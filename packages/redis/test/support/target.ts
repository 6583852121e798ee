import { createServer, type Server } from 'node:http';

/**
 * The "MCP server" of the fleet tests, on 127.0.0.1: counts requests per caller
 * (the path is the replica id) and answers 200, or 500 while it is down.
 */
export class Target {
  /** Requests received, by caller. */
  readonly requests = new Map<string, number>();
  /** Every request, in order of arrival: caller and when (epoch ms). */
  readonly log: { caller: string; at: number }[] = [];
  /** Callers it fails for; `'*'` fails everyone. */
  failing = new Set<string>();
  /** Ms before each answer. */
  latency = 0;
  readonly #server: Server;
  url = '';

  constructor() {
    this.#server = createServer((request, response) => {
      const caller = (request.url ?? '/').slice(1);
      this.requests.set(caller, (this.requests.get(caller) ?? 0) + 1);
      this.log.push({ caller, at: Date.now() });
      const fail = this.failing.has('*') || this.failing.has(caller);
      setTimeout(() => {
        response.writeHead(fail ? 500 : 200).end(fail ? 'down' : 'ok');
      }, this.latency);
    });
  }

  get total(): number {
    return [...this.requests.values()].reduce((sum, n) => sum + n, 0);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}
