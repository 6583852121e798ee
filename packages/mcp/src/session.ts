import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema, type ClientCapabilities, type Implementation, type ServerCapabilities, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { fatalReason } from './fatal.js';
import { DirectCalls } from './protocol/direct.js';
import type { Redactor } from './redact.js';
import type { StdioChild } from './stdio-child.js';

/** One live SDK client and its transport. Replaced, never reused, once it dies. */
export interface Session {
  readonly client: Client;
  readonly transport: Transport;
  alive: boolean;
  /** The live tool list, fetched once per session (and again after `list_changed`). */
  tools: Promise<Map<string, Tool> | undefined> | undefined;
  /** The same list once fetched, read without waiting on the hot path. */
  listedTools: Map<string, Tool> | undefined;
  /** Why the transport failed for good (a message over the read limit, one too deep to parse), when it did. */
  fatal: string | undefined;
  /** Requests in a row that got no answer in time (a stdio server that hangs is replaced after a few). */
  timeouts: number;
  /** The server process, for a stdio connection. */
  child: StdioChild | undefined;
  /** `tools/call` without the SDK's per-request work (`protocol/direct.ts`); not on streamable HTTP. */
  readonly direct: DirectCalls | undefined;
}

/** How each new session speaks the rest of the protocol (see `protocol/`). */
export interface SessionSetup {
  /** The capabilities to declare on the next session. */
  capabilities(): ClientCapabilities;
  /** Sets the server-request handlers on a fresh SDK client, before it connects. */
  install(client: Client, capabilities: ClientCapabilities): void;
  /** Every notification the server sends (progress and cancellation are handled by the SDK). */
  notification(notification: { method: string; params?: Record<string, unknown> | undefined }): void;
  /** Re-establishes session state (log level, subscriptions) before the session is used. */
  restore(client: Client): Promise<void>;
}

/** What the server said about itself when the last session began. */
export interface ServerDescription {
  readonly serverInfo: Implementation | undefined;
  readonly capabilities: ServerCapabilities | undefined;
  readonly instructions: string | undefined;
}

/** What the connection reports to the client. */
export interface ConnectionEvents {
  connected(durationMs: number, reconnect: boolean): void;
  disconnected(reason: string): void;
}

/** Who owns a session: the connection that made it. */
export interface SessionOwner {
  readonly redact: Redactor;
  readonly setup?: SessionSetup | undefined;
  /** Whether `session` is the owner's current one. */
  holds(session: Session): boolean;
  /** Drops a session that failed at the transport level. */
  discard(session: Session, reason: string): void;
}

/**
 * Makes a freshly connected SDK client a session: its close and fatal errors drop it,
 * a `tools/list_changed` forgets its tool list, and every notification reaches the setup.
 */
export function startSession(client: Client, transport: Transport, child: StdioChild | undefined, owner: SessionOwner, direct: DirectCalls | undefined): Session {
  const session: Session = { client, transport, alive: true, tools: undefined, listedTools: undefined, fatal: undefined, timeouts: 0, child, direct };
  client.onclose = () => {
    if (owner.holds(session) || session.alive) owner.discard(session, 'transport closed');
  };
  // Non-fatal transport errors (e.g. a 404 on the optional SSE GET) must not kill the session;
  // fatal ones are kept so the failures they cause can name them.
  client.onerror = (error) => {
    const fatal = fatalReason(error);
    if (fatal === undefined) return;
    session.fatal = owner.redact(fatal);
    if (fatal.includes('read limit')) owner.discard(session, session.fatal);
  };
  const setup = owner.setup;
  client.setNotificationHandler(ToolListChangedNotificationSchema, (notification) => {
    session.tools = undefined;
    session.listedTools = undefined;
    setup?.notification(notification);
  });
  if (setup !== undefined) {
    client.fallbackNotificationHandler = (notification) => {
      setup.notification(notification);
      return Promise.resolve();
    };
  }
  return session;
}

/**
 * The session's direct `tools/call` sender, installed on a connected transport (before
 * `keepNotificationsFirst`, so its responses keep their place behind notifications). None on
 * streamable HTTP: resuming a dropped stream needs the SDK's send options.
 */
export function directCallsFor(transport: Transport): DirectCalls | undefined {
  return transport instanceof StreamableHTTPClientTransport ? undefined : new DirectCalls(transport);
}

/** Sends the DELETE that ends a streamable HTTP session (best effort, bounded to 1 s). */
export async function endHttpSession(transport: Transport): Promise<void> {
  if (!(transport instanceof StreamableHTTPClientTransport) || transport.sessionId === undefined) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    transport.terminateSession().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 1_000);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
