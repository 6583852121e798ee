import { BulkheadPolicy, Emitter, RateLimitPolicy } from '@res/core';
import { CallRunner } from '../call.js';
import { Connection } from '../connection.js';
import { McpCallError } from '../errors.js';
import { BeyondPolicies } from '../policies/beyond.js';
import { beyondHooks } from '../policies/events.js';
import { ClientSessionSetup, validateProtocolOptions, type ClientProtocol } from '../protocol/handlers.js';
import { SessionState } from '../protocol/session-state.js';
import { ToolRuntimes } from '../tool-runtime.js';
import { validateHttpExtras } from '../transport.js';
import type { ResilientClientOptions, ServerPolicy } from '../types.js';
import { CallRecorder, type ClientEmitter } from './record.js';

const VERSION = '0.1.0';

/** What one `ResilientClient` is made of, built once by its constructor. */
export interface ClientParts {
  readonly name: string;
  readonly policy: Readonly<ServerPolicy>;
  readonly options: ResilientClientOptions;
  readonly events: ClientEmitter;
  readonly record: CallRecorder;
  readonly session: SessionState;
  readonly connection: Connection;
  readonly runtimes: ToolRuntimes;
  readonly runner: CallRunner;
  readonly bulkhead: BulkheadPolicy | undefined;
  readonly beyond: BeyondPolicies;
  /** Set by `close()`: every later call fails as the caller's error. */
  closed: boolean;
}

/**
 * Builds a client's parts from its validated options: the connection (reporting to the
 * recorder), the rate limit, bulkhead, beyond-policies and per-tool runtimes.
 */
export function wireClient(options: ResilientClientOptions, policy: Readonly<ServerPolicy>): ClientParts {
  const name = options.name;
  validateProtocolOptions(name, options.handlers, options.capabilities);
  validateHttpExtras(`ResilientClient "${name}": connect`, options.connect);
  const events: ClientEmitter = new Emitter();
  const record = new CallRecorder(name, events, options.includeArgumentsInEvents === true);
  const session = new SessionState();
  const protocol: ClientProtocol = { handlers: options.handlers ?? {}, capabilities: options.capabilities };
  // The recorder hears of connects and disconnects straight from the connection.
  const setup = new ClientSessionSetup(protocol, session, policy.timeout, record, events);
  const connection = new Connection(name, options.connect, options.clientInfo ?? { name: 'res', version: VERSION }, record, setup);
  connection.maxPages = policy.maxPages;
  const rateLimit = policy.rateLimit === undefined ? undefined : new RateLimitPolicy(policy.rateLimit);
  const bulkhead = policy.bulkhead === undefined ? undefined : new BulkheadPolicy(policy.bulkhead);
  const runner = new CallRunner(name, options, policy, connection, rateLimit);
  const beyond = new BeyondPolicies(name, policy, beyondHooks(name, events));
  const runtimes = new ToolRuntimes(name, policy, options.tools ?? {}, options.catalog, record, beyond);
  validateCacheFallbacks(options);
  return { name, policy, options, events, record, session, connection, runtimes, runner, bulkhead, beyond, closed: false };
}

/** The caller's error for a call on a closed client (`parts.closed`). */
export function closedError(parts: ClientParts, tool: string): McpCallError {
  return new McpCallError({ server: parts.name, tool, kind: 'caller', message: `${parts.name}: the client is closed`, sent: false });
}

function validateCacheFallbacks(options: ResilientClientOptions): void {
  for (const [tool, settings] of Object.entries(options.tools ?? {})) {
    const cached = settings.fallback === 'cache' || typeof settings.fallback === 'object';
    const safety = settings.safety ?? options.catalog?.[tool]?.safety;
    if (cached && safety !== undefined && safety !== 'read') {
      throw new TypeError(`ResilientClient "${options.name}": tools.${tool}.fallback 'cache' is for read tools only; ${tool} is ${safety}`);
    }
  }
}
