import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema, type ClientCapabilities, type Implementation, type ServerCapabilities, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { raceSignal } from './abortable.js';
import { classifyThrown } from './classify.js';
import { keepNotificationsFirst } from './protocol/ordered-delivery.js';
import { createTransport, describeConnect } from './transport.js';
import type { ConnectOptions } from './types.js';

/** One live SDK client and its transport. Replaced, never reused, once it dies. */
export interface Session {
  readonly client: Client;
  readonly transport: Transport;
  alive: boolean;
  /** The live tool list, fetched once per session (and again after `list_changed`). */
  tools: Promise<Map<string, Tool> | undefined> | undefined;
  /** The same list once fetched, read without waiting on the hot path. */
  listedTools: Map<string, Tool> | undefined;
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

/**
 * Owns the connection to one server: connects lazily, shares one connect among
 * concurrent callers, and after a close or crash lets the next attempt build a
 * fresh SDK `Client` and transport (after closing the old one).
 */
export class Connection {
  #session: Session | undefined;
  #connecting: Promise<Session> | undefined;
  #everConnected = false;
  #closed = false;
  /** The last tool list a session fetched (kept across reconnects), for `knowsTool`. */
  #listed: ReadonlyMap<string, Tool> | undefined;
  readonly #closing = new Set<Promise<void>>();
  #description: ServerDescription | undefined;

  constructor(
    readonly server: string,
    readonly connect: ConnectOptions,
    readonly clientInfo: { name: string; version: string },
    readonly events: ConnectionEvents,
    readonly setup?: SessionSetup,
  ) {}

  /** What the server said about itself at the start of the last session (kept across reconnects). */
  get description(): ServerDescription | undefined {
    return this.#description;
  }

  /** The session, while it is up: the hot path uses it without waiting on a promise. */
  get live(): Session | undefined {
    const session = this.#session;
    return session?.alive === true ? session : undefined;
  }

  /** True while a session is up. */
  get connected(): boolean {
    return this.#session?.alive === true;
  }

  /** The live session, connecting first if there is none. Failures are classified (`sent: false`). */
  session(connectTimeout: number, signal: AbortSignal): Promise<Session> {
    const current = this.#session;
    if (current?.alive === true) return Promise.resolve(current);
    if (current !== undefined) this.discard(current, 'closed');
    this.#connecting ??= this.#open(connectTimeout).finally(() => {
      this.#connecting = undefined;
    });
    return raceSignal(this.#connecting, signal);
  }

  /** Drops a session that failed at the transport level; it is closed in the background. */
  discard(session: Session, reason: string): void {
    if (this.#session === session) this.#session = undefined;
    if (session.alive) {
      session.alive = false;
      this.events.disconnected(reason);
    }
    this.#closeInBackground(session.client);
  }

  /** The live tools of a session, listed once (pages followed); `undefined` when listing fails. */
  tools(session: Session, timeout: number): Promise<Map<string, Tool> | undefined> {
    if (session.tools !== undefined) return session.tools;
    const listing: Promise<Map<string, Tool> | undefined> = listAll(session.client, timeout).then(
      (tools) => {
        this.#listed = tools;
        if (session.tools === listing) session.listedTools = tools; // not when list_changed came meanwhile
        return tools;
      },
      () => {
        session.tools = undefined; // try again on the next call that needs it
        return undefined;
      },
    );
    session.tools = listing;
    return listing;
  }

  /** Whether the server listed this tool the last time its tools were fetched (no request is sent). */
  listed(tool: string): boolean {
    return this.#listed?.has(tool) === true;
  }

  /** Closes the session and waits for every process this connection started to be closed. */
  async close(): Promise<void> {
    this.#closed = true;
    const connecting = this.#connecting;
    if (connecting !== undefined) await connecting.then((s) => { this.discard(s, 'client closed'); }, () => undefined);
    const session = this.#session;
    // A streamable HTTP session is ended on the server too (DELETE), so it does not linger there.
    if (session?.alive === true) await endHttpSession(session.transport);
    if (this.#session !== undefined) this.discard(this.#session, 'client closed');
    await Promise.all([...this.#closing]);
  }

  async #open(connectTimeout: number): Promise<Session> {
    if (this.#closed) throw new Error('client is closed');
    const started = Date.now();
    const capabilities = this.setup?.capabilities() ?? {};
    const client = new Client(this.clientInfo, { capabilities });
    this.setup?.install(client, capabilities);
    let transport: Transport | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      transport = await createTransport(this.connect);
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`connect timed out after ${connectTimeout} ms (${describeConnect(this.connect)})`));
        }, connectTimeout);
      });
      await Promise.race([client.connect(transport, { timeout: connectTimeout }), timedOut]);
    } catch (error: unknown) {
      this.#closeInBackground(client, transport);
      throw classifyThrown(error, { server: this.server, tool: undefined, phase: 'connect', timeout: connectTimeout });
    } finally {
      clearTimeout(timer);
    }
    keepNotificationsFirst(transport);
    const session: Session = { client, transport, alive: true, tools: undefined, listedTools: undefined };
    client.onclose = () => {
      if (this.#session === session || session.alive) this.discard(session, 'transport closed');
    };
    // Non-fatal transport errors (e.g. a 404 on the optional SSE GET) must not kill the session.
    client.onerror = () => undefined;
    const setup = this.setup;
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
      await setup.restore(client);
    }
    this.#description = { serverInfo: client.getServerVersion(), capabilities: client.getServerCapabilities(), instructions: client.getInstructions() };
    // close() may have been called while connecting.
    if ((this.#closed as boolean)) {
      this.#closeInBackground(client);
      throw new Error('client is closed');
    }
    this.#session = session;
    const reconnect = this.#everConnected;
    this.#everConnected = true;
    this.events.connected(Date.now() - started, reconnect);
    return session;
  }

  #closeInBackground(client: Client, transport?: Transport): void {
    const closing = (async () => {
      try {
        await client.close();
      } catch {
        // already closed
      }
      try {
        await transport?.close();
      } catch {
        // already closed
      }
    })();
    this.#closing.add(closing);
    void closing.finally(() => this.#closing.delete(closing));
  }
}

async function listAll(client: Client, timeout: number): Promise<Map<string, Tool>> {
  const tools = new Map<string, Tool>();
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout });
    for (const tool of page.tools) tools.set(tool.name, tool);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

/** Sends the DELETE that ends a streamable HTTP session (best effort, bounded to 1 s). */
async function endHttpSession(transport: Transport): Promise<void> {
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
