/** Where a name the host sees leads: the server and the server's own name for it. */
export interface Route {
  server: string;
  name: string;
}

/** Two servers offering the same name under `--no-prefix`. */
export interface Collision {
  name: string;
  servers: [string, string];
}

/**
 * Names the host sees for the tools, prompts and resources of several servers:
 * `<server><separator><name>` (separator `__` by default), or the bare names with
 * `prefix: false`, where the first server (in config order) keeps a name two offer.
 * Routes back by exact lookup in a `Map`, never through an object's prototype.
 *
 * @example const names = new Namespace({ separator: '__', prefix: true }); names.qualify('mermaid', 'generate'); // 'mermaid__generate'
 */
export class Namespace {
  readonly separator: string;
  readonly prefix: boolean;

  constructor(options: { separator?: string; prefix?: boolean } = {}) {
    const separator = options.separator ?? '__';
    if (!/^[A-Za-z0-9_.-]{1,8}$/.test(separator)) throw new RangeError(`separator must be 1 to 8 of letters, digits, '_', '-', '.', got ${JSON.stringify(separator)}`);
    this.separator = separator;
    this.prefix = options.prefix ?? true;
  }

  /**
   * The name the host sees for a server's name.
   *
   * @example names.qualify('mermaid', 'generate'); // 'mermaid__generate'
   */
  qualify(server: string, name: string): string {
    return this.prefix ? `${server}${this.separator}${name}` : name;
  }

  /**
   * Builds the routes of one kind (tools, prompts) from each server's names, in server order.
   * Returns the routes and, without prefixes, every name two servers offer (the first keeps it).
   *
   * @example const { routes, collisions } = names.routes([['a', ['echo']], ['b', ['echo']]]);
   */
  routes(lists: readonly (readonly [string, readonly string[]])[]): { routes: Map<string, Route>; collisions: Collision[] } {
    const routes = new Map<string, Route>();
    const collisions: Collision[] = [];
    for (const [server, names] of lists) {
      for (const name of names) {
        const qualified = this.qualify(server, name);
        const taken = routes.get(qualified);
        if (taken === undefined) routes.set(qualified, { server, name });
        else if (taken.server !== server) collisions.push({ name: qualified, servers: [taken.server, server] });
      }
    }
    return { routes, collisions };
  }

  /**
   * A qualified name split by the longest server name it starts with (for a name not listed yet).
   *
   * @example names.split('mermaid__generate', ['mermaid']); // { server: 'mermaid', name: 'generate' }
   */
  split(qualified: string, servers: Iterable<string>): Route | undefined {
    if (!this.prefix) return undefined;
    let best: Route | undefined;
    for (const server of servers) {
      const head = `${server}${this.separator}`;
      if (qualified.startsWith(head) && qualified.length > head.length && (best === undefined || server.length > best.server.length)) {
        best = { server, name: qualified.slice(head.length) };
      }
    }
    return best;
  }
}

/**
 * The message for names two servers offer under `--no-prefix`.
 *
 * @example collisionMessage([{ name: 'echo', servers: ['a', 'b'] }], 'tool');
 */
export function collisionMessage(collisions: readonly Collision[], kind: string): string {
  const list = collisions.map(({ name, servers }) => `${kind} ${JSON.stringify(name)} is offered by ${servers[0]} and ${servers[1]}`).join('; ');
  return `--no-prefix: names collide (${list}); drop --no-prefix or remove one of the servers`;
}
