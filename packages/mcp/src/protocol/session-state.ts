import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

/** What could not be re-established on a new session. */
export interface RestoreFailure {
  readonly what: 'logging' | 'subscription';
  /** The resource, for a subscription. */
  readonly uri?: string;
  readonly error: string;
}

const MAX_SUBSCRIPTIONS = 10_000;

/**
 * The session state a server keeps per connection, remembered so a new session can be
 * given it again: the logging level and the resource subscriptions. (Roots are the
 * client's: the server asks for them again itself.)
 */
export class SessionState {
  #level: LoggingLevel | undefined;
  readonly #subscriptions = new Set<string>();

  /** Records a request that succeeded, if it set session state. */
  record(method: string, params: Record<string, unknown> | undefined): void {
    if (method === 'logging/setLevel' && typeof params?.level === 'string') this.#level = params.level as LoggingLevel;
    else if (method === 'resources/subscribe' && typeof params?.uri === 'string' && this.#subscriptions.size < MAX_SUBSCRIPTIONS) this.#subscriptions.add(params.uri);
    else if (method === 'resources/unsubscribe' && typeof params?.uri === 'string') this.#subscriptions.delete(params.uri);
  }

  /** The remembered state, for tests and health. */
  get level(): LoggingLevel | undefined {
    return this.#level;
  }

  get subscriptions(): ReadonlySet<string> {
    return this.#subscriptions;
  }

  /** Re-applies the state on a fresh session, in order; reports each part that fails (never throws). */
  async restore(client: Client, timeout: number, failed: (failure: RestoreFailure) => void): Promise<void> {
    if (this.#level !== undefined) {
      try {
        await client.setLoggingLevel(this.#level, { timeout });
      } catch (error: unknown) {
        failed({ what: 'logging', error: messageOf(error) });
      }
    }
    for (const uri of this.#subscriptions) {
      try {
        await client.subscribeResource({ uri }, { timeout });
      } catch (error: unknown) {
        failed({ what: 'subscription', uri, error: messageOf(error) });
      }
    }
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 1000 ? `${line.slice(0, 1000)}…` : line;
}
