// One span per tool call, with retries as span events. Runs as is (through the tests): the
// MCP server is @res/testkit's in-memory fake, failing the first call once.
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ResilientClient } from '@res/mcp';
import { createInMemoryServer } from '@res/testkit';
import { traceClient } from '@res/otel';

export async function main(): Promise<ReadableSpan[]> {
  // Your SDK setup: here an in-memory exporter; in production an OTLP exporter and a batch processor.
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);

  const server = createInMemoryServer({ faults: { read_item: { type: 'fail-first', count: 1, fault: { type: 'fail' } } } });
  const client = new ResilientClient({ name: 'items', connect: () => server.transport(), preset: 'local', policy: { baseDelay: 10 }, toolErrorIsFailure: true });
  const stop = traceClient(client); // uses the global provider; or traceClient(client, { tracer })

  await client.callTool('read_item', { id: 'a' }); // fails once, retried: one span, one 'res.retry' event

  stop();
  await client.close();
  await server.close();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  trace.disable();
  return spans;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  for (const span of await main()) console.log(span.name, span.attributes, span.events.map((event) => event.name));
}
