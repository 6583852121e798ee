import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * Keeps a server's notifications ahead of the response that follows them. The SDK runs a
 * notification handler a microtask after reading it but a response at once, and the
 * response removes the request's progress handler: the last progress a server sends just
 * before its result (both in one read on stdio) would be dropped. Delivering each response
 * one microtask later restores the order the server wrote. Call after `client.connect()`.
 *
 * @example await client.connect(transport); keepNotificationsFirst(transport);
 */
export function keepNotificationsFirst(transport: Transport): void {
  const deliver = transport.onmessage;
  if (deliver === undefined) return;
  // Only a response that follows a notification still being handled waits: the hot path (no
  // notification in flight) delivers at once, as the SDK does.
  let notificationsPending = 0;
  const handled = (): void => {
    notificationsPending--;
  };
  transport.onmessage = (message, extra) => {
    if (!('id' in message)) {
      notificationsPending++;
      deliver(message, extra);
      queueMicrotask(handled);
    } else if (notificationsPending > 0 && !('method' in message)) {
      queueMicrotask(() => {
        deliver(message, extra);
      });
    } else {
      deliver(message, extra);
    }
  };
}
