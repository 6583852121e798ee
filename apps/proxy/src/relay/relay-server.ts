// The low-level Server: a proxy passes the upstream's JSON schemas, errors and unknown methods through unchanged.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * The SDK's low-level server with its capability assertions off: the proxy declares what
 * the upstream declares (known only at the host's `initialize`), and the upstream, not
 * the proxy, decides what it supports. Everything else is the SDK's (JSON-RPC, cancellation,
 * progress, transports).
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated
export class RelayServer extends Server {
  /** Called once connected, with the transport (the proxy puts its fast path in front of the SDK's handler). */
  afterConnect: ((transport: Transport) => void) | undefined;

  override async connect(transport: Transport): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    await super.connect(transport);
    this.afterConnect?.(transport);
  }

  protected override assertCapabilityForMethod(): void {
    // the upstream asked; the host answers
  }

  protected override assertNotificationCapability(): void {
    // the upstream sent it; the host decides
  }

  override assertRequestHandlerCapability(): void {
    // handlers are set before the upstream's capabilities are known
  }

  protected override assertTaskCapability(): void {
    // tasks pass through
  }

  protected override assertTaskHandlerCapability(): void {
    // the upstream runs the task
  }
}
