import { ErrorCode, McpError, type ClientCapabilities, type RequestId, type Result } from '@modelcontextprotocol/sdk/types.js';
import type { ServerRequestExtra, ServerRequestHandlers } from '@res/mcp';
import type { HostLink } from '../relay/host-link.js';

/** What the gateway declares to every server: it can relay these to a host that has them. */
export const GATEWAY_CLIENT_CAPABILITIES: ClientCapabilities = { sampling: {}, elicitation: { form: {}, url: {} }, roots: {} };

/** The host capability a server request needs. */
const NEEDS: Readonly<Record<string, keyof ClientCapabilities>> = { 'sampling/createMessage': 'sampling', 'elicitation/create': 'elicitation', 'roots/list': 'roots' };

interface Session {
  readonly link: HostLink;
  /** Calls in flight per server, with the turn each began. */
  readonly calls: Map<string, { count: number; turn: number }>;
  turn: number;
}

/**
 * Routes a server's own requests (sampling, elicitation, roots, any other) to one host session of
 * the gateway: the one with the latest call in flight to that server, else the most recently
 * active one; each session relays through its own {@link HostLink} (the single-server relay).
 *
 * @example const router = new HostRouter(); const stop = router.add(link); const done = router.begin(link, 'github', extra.requestId);
 */
export class HostRouter {
  readonly #sessions: Session[] = [];
  #turn = 0;

  /** Adds a host session; returns its removal. */
  add(link: HostLink): () => void {
    const session: Session = { link, calls: new Map(), turn: ++this.#turn };
    this.#sessions.push(session);
    return () => {
      const at = this.#sessions.indexOf(session);
      if (at >= 0) this.#sessions.splice(at, 1);
    };
  }

  /** Marks a host request to `server` in flight on `link` (until the returned function is called). */
  begin(link: HostLink, server: string, id: RequestId): () => void {
    const session = this.#sessions.find((candidate) => candidate.link === link);
    const untrack = link.track(id);
    if (session === undefined) return untrack;
    session.turn = ++this.#turn;
    const calls = session.calls.get(server) ?? { count: 0, turn: 0 };
    session.calls.set(server, { count: calls.count + 1, turn: session.turn });
    return () => {
      untrack();
      const now = session.calls.get(server);
      if (now === undefined) return;
      if (now.count <= 1) session.calls.delete(server);
      else session.calls.set(server, { ...now, count: now.count - 1 });
    };
  }

  /** The host session a request of `server` goes to, if any host is connected. */
  pick(server: string): HostLink | undefined {
    let best: Session | undefined;
    for (const session of this.#sessions) {
      const call = session.calls.get(server);
      if (call !== undefined && (best?.calls.get(server) === undefined || call.turn > (best.calls.get(server)?.turn ?? 0))) best = session;
    }
    if (best !== undefined) return best.link;
    return this.#sessions.reduce<Session | undefined>((latest, session) => (latest === undefined || session.turn > latest.turn ? session : latest), undefined)?.link;
  }

  /** The handlers of one server's client: each request goes to {@link pick}'s session. */
  handlers(server: string): ServerRequestHandlers {
    return {
      other: (request, extra: ServerRequestExtra): Promise<Result> => {
        const link = this.pick(server);
        if (link === undefined) return Promise.reject(new McpError(ErrorCode.InternalError, `res gateway: no host is connected to answer ${request.method}`));
        const needs = NEEDS[request.method];
        if (needs !== undefined && link.upstreamCapabilities()[needs] === undefined) {
          return Promise.reject(new McpError(ErrorCode.MethodNotFound, `res gateway: the connected host does not support ${needs} (${request.method})`));
        }
        const relay = link.handlers().other;
        if (relay === undefined) return Promise.reject(new McpError(ErrorCode.InternalError, 'res gateway: the host link relays no requests'));
        return Promise.resolve(relay(request, extra));
      },
    };
  }
}
