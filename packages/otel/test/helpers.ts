import { afterEach, beforeEach } from 'vitest';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ResilientClient } from '@res/mcp';
import { createInMemoryServer, type InMemoryServerHandle } from '@res/testkit';

/** A tracer provider with an in-memory exporter, fresh for each test; clients made by `make` close after it. */
export function tracing() {
  let exporter = new InMemorySpanExporter();
  let provider = new BasicTracerProvider();
  const closing: (() => Promise<void>)[] = [];
  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  });
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((close) => close()));
    await provider.shutdown();
  });
  return {
    provider: (): BasicTracerProvider => provider,
    finished: (): ReadableSpan[] => exporter.getFinishedSpans(),
    /** Forgets the spans finished so far. */
    forget: (): void => {
      exporter.reset();
    },
    /** Closes `close` after the test. */
    closeAfter: (close: () => Promise<void>): void => {
      closing.push(close);
    },
    /** A client of an in-memory items server: 3 attempts without delay, tool errors are failures. */
    make: (policy: ConstructorParameters<typeof ResilientClient>[0]['policy'] = {}): { client: ResilientClient; server: InMemoryServerHandle } => {
      const server = createInMemoryServer();
      const client = new ResilientClient({
        name: 'items',
        connect: () => server.transport(),
        preset: 'local',
        policy: { maxAttempts: 3, baseDelay: 0, jitter: 'none', failureThreshold: 5, ...policy },
        toolErrorIsFailure: true,
      });
      closing.push(async () => {
        await client.close();
        await server.close();
      });
      return { client, server };
    },
  };
}
