import type { RequestId, ClientCapabilities, Result } from '@modelcontextprotocol/sdk/types.js';
import { ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ServerRequestExtra, ServerRequestHandlers, ServerNotificationMessage } from '@res/mcp';
import type { RelayServer } from './relay-server.js';

const HOST_ANSWER_TIMEOUT = 86_400_000;
const NOT_RELAYED = new Set(['notifications/progress', 'notifications/cancelled']);

/**
 * The upstream's way back to the host: server requests (sampling, elicitation, roots, and
 * any other) and notifications go to the host session this link is bound to, on the
 * stream of the host request in flight when there is one (streamable HTTP sends them there).
 */
export class HostLink {
  #server: RelayServer | undefined;
  #capabilities: ClientCapabilities = {};
  readonly #inFlight: RequestId[] = [];

  /** Binds the link to the host-facing server. */
  bind(server: RelayServer): void {
    this.#server = server;
  }

  /** Records what the host declared in its `initialize`, so the upstream is told the same. */
  set hostCapabilities(capabilities: ClientCapabilities) {
    this.#capabilities = capabilities;
  }

  /** The client capabilities the upstream sees: the host's `sampling`, `elicitation` and `roots`. */
  upstreamCapabilities(): ClientCapabilities {
    const { sampling, elicitation, roots } = this.#capabilities;
    return {
      ...(sampling === undefined ? {} : { sampling }),
      ...(elicitation === undefined ? {} : { elicitation }),
      ...(roots === undefined ? {} : { roots }),
    };
  }

  /** The handlers the upstream client relays server requests through. */
  handlers(): ServerRequestHandlers {
    return { other: (request, extra) => this.#relayRequest(request, extra) };
  }

  /** Marks a host request in flight (until the returned function is called). */
  track(id: RequestId): () => void {
    this.#inFlight.push(id);
    return () => {
      const at = this.#inFlight.lastIndexOf(id);
      if (at >= 0) this.#inFlight.splice(at, 1);
    };
  }

  /** Relays one notification of the upstream to the host. */
  async notify(notification: ServerNotificationMessage): Promise<void> {
    const server = this.#server;
    if (server?.transport === undefined || NOT_RELAYED.has(notification.method)) return;
    await server.notification(notification, this.#related());
  }

  #related(): { relatedRequestId: RequestId } | undefined {
    const id = this.#inFlight.at(-1);
    return id === undefined ? undefined : { relatedRequestId: id };
  }

  #relayRequest(request: { method: string; params?: Record<string, unknown> | undefined }, extra: ServerRequestExtra): Promise<Result> {
    const server = this.#server;
    if (server?.transport === undefined) return Promise.reject(new Error('res-proxy: no host is connected'));
    // The upstream bounds its own wait; a person answering an elicitation may take longer than the SDK default of 60 s.
    return server.request(request, ResultSchema, { signal: extra.signal, timeout: HOST_ANSWER_TIMEOUT, ...this.#related() });
  }
}
