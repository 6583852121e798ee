import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Progress, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Relays the upstream's progress on one request to the host, under the host's own token. */
export interface ProgressRelay {
  /** For the upstream request's options; absent when the host asked for no progress. */
  readonly onprogress: ((progress: Progress) => void) | undefined;
  /** Waits until every relayed notification is written, and a turn after (see below). */
  flush(): Promise<void>;
}

const NONE: ProgressRelay = { onprogress: undefined, flush: () => Promise.resolve() };

/**
 * Progress is relayed in order, and all of it before the result: the host drops
 * progress that arrives after the answer.
 *
 * @example const progress = progressRelay(extra); await upstream.request(method, params, { onprogress: progress.onprogress }); await progress.flush();
 */
export function progressRelay(extra: Pick<Extra, '_meta'> & Partial<Pick<Extra, 'sendNotification'>>): ProgressRelay {
  const progressToken = extra._meta?.progressToken;
  const { sendNotification } = extra;
  if (progressToken === undefined || sendNotification === undefined) return NONE;
  let relayed: Promise<void> = Promise.resolve();
  return {
    onprogress: (progress) => {
      relayed = relayed
        .then(() => sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken } }))
        .catch(() => undefined);
    },
    flush: async () => {
      await relayed;
      // The SDK handles a notification a microtask after it reads it, but a response at once (dropping the
      // request's progress handler): progress written just before the result can be lost by the host when both
      // arrive in one read. A turn of the event loop between them keeps them in separate writes.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
