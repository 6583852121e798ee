import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { raceSignal, untilDeadline } from './abortable.js';
import { classifyThrown } from './classify.js';
import { keepNotificationsFirst } from './protocol/ordered-delivery.js';
import { McpCallError } from './errors.js';
import { directCallsFor, endHttpSession, startSession, type ConnectionEvents, type ServerDescription, type Session, type SessionSetup } from './session.js';
import { listAll } from './list-all.js';
import { createRedactor, redactFailure, secretsOf, type Redactor } from './redact.js';
import { startFailure, stopChild, watchChild, type StdioChild } from './stdio-child.js';
import { createTransport, describeConnect } from './transport.js';
import type { ConnectOptions } from './types.js';

export type { ConnectionEvents, ServerDescription, Session, SessionSetup } from './session.js';

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
  /** Every server process started; stopped (SIGTERM, then SIGKILL after the grace) when the client closes. */
  readonly #children = new Set<StdioChild>();
  #graceMs = 1_000;
  /** Hides this connection's secrets (header, env, URL credential values) in any text shown. */
  readonly redact: Redactor;
  /** Pages a tool listing follows at most (the policy's `maxPages`). */
  maxPages: number | undefined;

  constructor(
    readonly server: string,
    readonly connect: ConnectOptions,
    readonly clientInfo: { name: string; version: string },
    readonly events: ConnectionEvents,
    readonly setup?: SessionSetup,
  ) {
    this.redact = createRedactor(secretsOf(connect));
  }

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
    this.#closeInBackground(session.client, undefined, session.child);
  }

  /**
   * The live tools of a session, listed once (pages followed, bounded by `maxPages`,
   * the deadline and the signal of the call that needs them); `undefined` when
   * listing fails. A call waiting on another call's listing stops at its own deadline.
   */
  tools(session: Session, deadline: number, signal?: AbortSignal): Promise<Map<string, Tool> | undefined> {
    if (session.tools !== undefined) return untilDeadline(session.tools, deadline);
    const listing: Promise<Map<string, Tool> | undefined> = listAll(
      'tools/list',
      (cursor, options) => session.client.listTools(cursor === undefined ? {} : { cursor }, options).then((page) => ({ items: page.tools, nextCursor: page.nextCursor })),
      { deadline, signal, maxPages: this.maxPages },
    ).then(
      (list) => {
        const tools = new Map<string, Tool>();
        for (const tool of list) tools.set(tool.name, tool);
        this.#listed = tools;
        if (session.tools === listing) session.listedTools = tools; // not when list_changed came meanwhile
        return tools;
      },
      () => {
        if (session.tools === listing) session.tools = undefined; // try again on the next call that needs it
        return undefined;
      },
    );
    session.tools = listing;
    return listing;
  }

  /** A request of this session got no answer in time: after `limit` in a row, a stdio server is taken as hung and replaced. */
  timedOut(session: Session, limit: number): void {
    session.timeouts++;
    if (session.timeouts >= limit && typeof this.connect === 'object' && 'command' in this.connect) {
      this.discard(session, `no answer to ${session.timeouts} requests in a row: the server process looks hung and is replaced`);
    }
  }

  /** A full tool list fetched outside {@link tools} (`listTools()`): it becomes the list `listed` answers from. */
  noteListed(tools: readonly Tool[], session: Session): void {
    const map = new Map<string, Tool>();
    for (const tool of tools) map.set(tool.name, tool);
    this.#listed = map;
    // The session's own list too, so the next call needs no listing of its own.
    if (session.tools === undefined) {
      session.tools = Promise.resolve(map);
      session.listedTools = map;
    }
  }

  /** Whether the server listed this tool the last time its tools were fetched (no request is sent). */
  listed(tool: string): boolean {
    return this.#listed?.has(tool) === true;
  }

  /** Whether `session` is this connection's current one. */
  holds(session: Session): boolean {
    return this.#session === session;
  }

  /**
   * Closes the session and waits for every process this connection started to be gone:
   * each gets SIGTERM at once and SIGKILL after `graceMs` (at once when 0 — a second
   * close with 0 cuts a first one's grace short).
   */
  async close(graceMs = 1_000): Promise<void> {
    this.#closed = true;
    this.#graceMs = Math.min(this.#graceMs, graceMs);
    const stopping = [...this.#children].map((child) => stopChild(child, graceMs));
    const connecting = this.#connecting;
    if (connecting !== undefined) await connecting.then((s) => { this.discard(s, 'client closed'); }, () => undefined);
    const session = this.#session;
    // A streamable HTTP session is ended on the server too (DELETE), so it does not linger there.
    if (session?.alive === true) await endHttpSession(session.transport);
    if (this.#session !== undefined) this.discard(this.#session, 'client closed');
    await Promise.all([...this.#closing, ...stopping, ...[...this.#children].map((child) => stopChild(child, graceMs))]);
  }

  async #open(connectTimeout: number): Promise<Session> {
    if (this.#closed) throw new Error('client is closed');
    const started = Date.now();
    const capabilities = this.setup?.capabilities() ?? {};
    const client = new Client(this.clientInfo, { capabilities });
    this.setup?.install(client, capabilities);
    let transport: Transport | undefined;
    let child: StdioChild | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The deadline covers a custom transport factory too: one whose promise never settles must not hold the connect (and close()) forever.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const message = `${this.server}: connect timed out after ${connectTimeout} ms (${describeConnect(this.connect)})`;
        reject(new McpCallError({ server: this.server, tool: undefined, kind: 'timeout', message, sent: false }));
      }, connectTimeout);
    });
    timedOut.catch(() => undefined);
    try {
      const creating = createTransport(this.connect);
      // A factory that answers after the deadline: its transport is closed, unused.
      transport = await Promise.race([creating, timedOut]).catch((error: unknown) => {
        void creating.then((late) => late.close(), () => undefined);
        throw error;
      });
      const forward = typeof this.connect === 'object' && 'command' in this.connect && this.connect.stderr !== 'pipe' ? process.stderr : undefined;
      child = watchChild(transport, forward, this.redact);
      const connecting = client.connect(transport, { timeout: connectTimeout });
      if (child !== undefined) {
        child.attach();
        this.#children.add(child);
      }
      await Promise.race([connecting, timedOut]);
    } catch (error: unknown) {
      this.#closeInBackground(client, transport, child);
      const failure = classifyThrown(error, { server: this.server, tool: undefined, phase: 'connect', timeout: connectTimeout });
      // A command that is missing or exits at once (a bad command, a missing credential) says how, not only "connection closed".
      throw redactFailure(startFailure(this.server, error, child?.describe(this.redact)) ?? failure, this.redact);
    } finally {
      clearTimeout(timer);
    }
    const direct = directCallsFor(transport);
    keepNotificationsFirst(transport);
    const session = startSession(client, transport, child, this, direct);
    if (this.setup !== undefined) await this.setup.restore(client);
    this.#description = { serverInfo: client.getServerVersion(), capabilities: client.getServerCapabilities(), instructions: client.getInstructions() };
    // close() may have been called while connecting.
    if ((this.#closed as boolean)) {
      this.#closeInBackground(client, undefined, child);
      throw new Error('client is closed');
    }
    this.#session = session;
    const reconnect = this.#everConnected;
    this.#everConnected = true;
    this.events.connected(Date.now() - started, reconnect);
    return session;
  }

  #closeInBackground(client: Client, transport?: Transport, child?: StdioChild): void {
    if (child !== undefined) {
      // SIGTERM at once, SIGKILL after the grace: the SDK's own close waits 2 s + 2 s, and a hung
      // (or SIGSTOPped) server would hold the next attempt's resources that long.
      const stopping = stopChild(child, this.#graceMs).finally(() => this.#children.delete(child));
      this.#closing.add(stopping);
      void stopping.finally(() => this.#closing.delete(stopping));
    }
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
