/**
 * The server side of stdio mode, running inside the child process.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Responder } from './call.js';
import type { ChildConfig } from './config.js';
import { Ledger } from './ledger.js';
import { FileLedgerStore, MemoryLedgerStore } from './ledger-store.js';
import { FaultPlanState, PlanFile, type PlanSource } from './plan.js';
import { createFaultServer } from './server.js';
import { parseToolSpecs } from './tool-validation.js';
import { defaultTools } from './tools.js';

async function loadResponders(module: string): Promise<Record<string, Responder>> {
  const loaded = (await import(pathToFileURL(resolve(module)).href)) as { respond?: unknown };
  const respond = loaded.respond;
  if (typeof respond !== 'object' || respond === null) throw new TypeError(`${module} must export 'respond': Record<tool, function>`);
  for (const [tool, fn] of Object.entries(respond)) {
    if (typeof fn !== 'function') throw new TypeError(`${module}: respond.${tool} must be a function`);
  }
  return respond as Record<string, Responder>;
}

/**
 * Serves MCP on this process's stdin/stdout per `config`. Records `start` (with the pid) and,
 * when the process can still say so, `exit`. Exits when stdin ends (the client closed it) or
 * on SIGTERM/SIGINT, so a closed client leaves no live child behind.
 *
 * @example await runChild({ ledger: '/tmp/ledger.jsonl', faults: { '*': { type: 'slow', ms: 100 } } });
 */
export async function runChild(config: ChildConfig): Promise<void> {
  const ledger = new Ledger(config.ledger === undefined ? new MemoryLedgerStore() : new FileLedgerStore(config.ledger));
  const plan: PlanSource = config.plan === undefined ? new FaultPlanState(config.faults) : new PlanFile(config.plan);
  const tools = parseToolSpecs(config.tools ?? defaultTools);
  const respond = config.respondModule === undefined ? {} : await loadResponders(config.respondModule);

  ledger.record({ type: 'start' });
  process.on('exit', (code) => {
    ledger.record({ type: 'exit', code });
  });
  const exit = (code: number) => () => process.exit(code);
  process.stdin.on('end', exit(0));
  process.stdout.on('error', exit(0)); // EPIPE: the client is gone
  process.on('SIGTERM', exit(143));
  process.on('SIGINT', exit(130));

  const server = createFaultServer({
    name: config.name ?? 'res-testkit',
    tools,
    runtime: { plan, ledger, respond, crash: (exitCode) => process.exit(exitCode ?? 1) },
  });
  await server.connect(new StdioServerTransport());
}
