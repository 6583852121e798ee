import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type ClientCapabilities,
  type ClientNotification,
  type ClientRequest,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
  type ListRootsResult,
  type Result,
} from '@modelcontextprotocol/sdk/types.js';
import type { SessionSetup } from '../session.js';
import type { ServerNotificationMessage } from '../types.js';
import type { RestoreFailure, SessionState } from './session-state.js';

/** What a handler of a server request gets besides the params: the request's abort signal. */
export interface ServerRequestExtra {
  /** Aborted when the server cancels the request or the session closes. */
  readonly signal: AbortSignal;
}

/**
 * Handlers for the requests a server sends to its client. A capability is declared to the
 * server only for the handlers given.
 *
 * @example new ResilientClient({ name, connect, handlers: { roots: () => ({ roots: [{ uri: 'file:///work' }] }) } });
 */
export interface ServerRequestHandlers {
  /** `sampling/createMessage`: ask your LLM. Declares `sampling`. */
  sampling?: (params: CreateMessageRequest['params'], extra: ServerRequestExtra) => CreateMessageResult | Promise<CreateMessageResult>;
  /** `elicitation/create`: ask your user. Declares `elicitation`. */
  elicitation?: (params: ElicitRequest['params'], extra: ServerRequestExtra) => ElicitResult | Promise<ElicitResult>;
  /** `roots/list`: the roots you offer. Declares `roots` (with `listChanged`). */
  roots?: (extra: ServerRequestExtra) => ListRootsResult | Promise<ListRootsResult>;
  /** Any other server request (a proxy relays them all); its result is sent back as is. */
  other?: (request: { method: string; params?: Record<string, unknown> | undefined }, extra: ServerRequestExtra) => Result | Promise<Result>;
}

/** What the client declares and how it answers, per session. */
export interface ClientProtocol {
  readonly handlers: ServerRequestHandlers;
  /** Details of the declared capabilities (e.g. `elicitation: { form: {}, url: {} }`); read at every connect. */
  readonly capabilities: ClientCapabilities | (() => ClientCapabilities) | undefined;
}

const HANDLER_KEYS = new Set(['sampling', 'elicitation', 'roots', 'other']);

/** Validates the `handlers` and `capabilities` options at construction. */
export function validateProtocolOptions(name: string, handlers: unknown, capabilities: unknown): void {
  if (handlers !== undefined) {
    if (typeof handlers !== 'object' || handlers === null) throw new TypeError(`ResilientClient "${name}": handlers must be an object of functions`);
    for (const [key, value] of Object.entries(handlers)) {
      if (!HANDLER_KEYS.has(key)) throw new TypeError(`ResilientClient "${name}": handlers has an unknown key ${JSON.stringify(key)}; use sampling, elicitation, roots or other`);
      if (value !== undefined && typeof value !== 'function') throw new TypeError(`ResilientClient "${name}": handlers.${key} must be a function`);
    }
  }
  if (capabilities !== undefined && typeof capabilities !== 'function' && (typeof capabilities !== 'object' || capabilities === null)) {
    throw new TypeError(`ResilientClient "${name}": capabilities must be an object or a function returning one`);
  }
}

/**
 * The capabilities to declare: `sampling`, `elicitation` and `roots` only where a handler is
 * given (with the details from `capabilities`), and any other capability from `capabilities`.
 *
 * @example declaredCapabilities({ handlers: { roots }, capabilities: undefined }); // { roots: { listChanged: true } }
 */
export function declaredCapabilities(protocol: ClientProtocol): ClientCapabilities {
  const given = typeof protocol.capabilities === 'function' ? protocol.capabilities() : (protocol.capabilities ?? {});
  const { sampling, elicitation, roots, ...rest } = given;
  const { handlers } = protocol;
  const generic = handlers.other !== undefined;
  const declared: ClientCapabilities = { ...rest };
  if (handlers.sampling !== undefined || (generic && sampling !== undefined)) declared.sampling = sampling ?? {};
  if (handlers.elicitation !== undefined || (generic && elicitation !== undefined)) declared.elicitation = elicitation ?? {};
  if (handlers.roots !== undefined || (generic && roots !== undefined)) declared.roots = roots ?? { listChanged: true };
  return declared;
}

type Extra = RequestHandlerExtra<ClientRequest, ClientNotification>;

/** Installs the handlers on a fresh SDK client (before it connects; its capabilities must declare them). */
export function installHandlers(client: Client, protocol: ClientProtocol, capabilities: ClientCapabilities): void {
  const { sampling, elicitation, roots, other } = protocol.handlers;
  const relay = (extra: Extra) => ({ signal: extra.signal });
  if (capabilities.sampling !== undefined) {
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) =>
      sampling !== undefined ? sampling(request.params, relay(extra)) : (other?.(request, relay(extra)) as Promise<CreateMessageResult>),
    );
  }
  if (capabilities.elicitation !== undefined) {
    client.setRequestHandler(ElicitRequestSchema, (request, extra) =>
      elicitation !== undefined ? elicitation(request.params, relay(extra)) : (other?.(request, relay(extra)) as Promise<ElicitResult>),
    );
  }
  if (capabilities.roots !== undefined) {
    client.setRequestHandler(ListRootsRequestSchema, (request, extra) =>
      roots !== undefined ? roots(relay(extra)) : (other?.(request, relay(extra)) as Promise<ListRootsResult>),
    );
  }
  if (other !== undefined) {
    client.fallbackRequestHandler = (request, extra) => Promise.resolve(other(request, relay(extra)));
  }
}

/**
 * What every new session is set up with (the connection's `SessionSetup`): the declared
 * capabilities and handlers, the session state to restore (a failure to restore is reported
 * to `record`), and where the server's notifications go. The connection calls it directly.
 */
export class ClientSessionSetup implements SessionSetup {
  constructor(
    readonly protocol: ClientProtocol,
    readonly state: SessionState,
    readonly timeout: number,
    readonly record: { restoreFailed(failure: RestoreFailure): void },
    readonly notifications: { emit(event: 'notification', notification: ServerNotificationMessage): void },
  ) {}

  capabilities(): ClientCapabilities {
    return declaredCapabilities(this.protocol);
  }

  install(client: Client, capabilities: ClientCapabilities): void {
    installHandlers(client, this.protocol, capabilities);
  }

  notification(notification: ServerNotificationMessage): void {
    this.notifications.emit('notification', notification);
  }

  restore(client: Client): Promise<void> {
    return this.state.restore(client, this.timeout, (failure) => {
      this.record.restoreFailed(failure);
    });
  }
}
