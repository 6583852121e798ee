/**
 * Stdio mode: the handle describes how to spawn a child (`res-testkit-server`) and shares its
 * state with it through files in a temp dir — the plan (which the child re-reads on every
 * call) and the ledger (which the child appends to synchronously and this process reads).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildConfig } from './config.js';
import { FileLedgerStore } from './ledger-store.js';
import { writePlanFile } from './plan.js';
import { type ServerControls, type ServerOptions, SharedState } from './state.js';
import type { ToolSpec } from './tools.js';

/**
 * Options of {@link stdioServer}. Responder functions cannot cross a process boundary: give
 * answers as data (`ToolSpec.result`) or name a module that exports `respond`.
 *
 * @example const options: StdioServerOptions = { tools: defaultTools, respondModule: '/abs/respond.js' };
 */
export interface StdioServerOptions extends Omit<ServerOptions, 'respond'> {
  /** An ES module exporting `respond: Record<tool, (args, { tool, call }) => unknown>`, loaded by the child. */
  respondModule?: string;
  /** Extra environment variables for the child (added to the SDK's default environment). */
  env?: Record<string, string>;
}

/**
 * What a client needs to spawn the child: `StdioServerParameters` for `StdioClientTransport`.
 *
 * @example new StdioClientTransport(handle.connect);
 */
export interface StdioConnect {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/**
 * A stdio server, described; nothing is spawned until a client uses `connect`.
 *
 * @example const server = stdioServer(); await client.connect(new StdioClientTransport(server.connect));
 */
export interface StdioServerHandle extends ServerControls {
  readonly connect: StdioConnect;
  readonly tools: readonly ToolSpec[];
  /** The temp dir holding config.json, plan.json and ledger.jsonl. */
  readonly dir: string;
  /** Every child pid that started, oldest first; still answers after `dispose()`. */
  pids(): number[];
  /** The started pids still alive; after `dispose()`, the ones it failed to stop. */
  alivePids(): number[];
  /** Stops any live child (SIGTERM, then SIGKILL after 2 s) and removes the temp dir. */
  dispose(): Promise<void>;
}

/**
 * The built `bin.js`: beside this module in `dist`, or in `../dist` when this module runs
 * from `src` (vitest); Node 20 cannot run the TypeScript source in a child.
 */
function binPath(): string {
  for (const candidate of ['./bin.js', '../dist/bin.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('@res/testkit: dist/bin.js not found; build first (pnpm --filter @res/testkit build)');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Describes a stdio fault server. `setFault` rewrites the plan file, and the next call of a
 * running child sees it; the ledger survives crashes and restarts (every child appends to it).
 *
 * @example const server = stdioServer({ faults: { send_item: { type: 'crash' } } }); // then: server.calls('send_item')
 */
export function stdioServer(options: StdioServerOptions = {}): StdioServerHandle {
  const dir = mkdtempSync(join(tmpdir(), 'res-testkit-'));
  const planPath = join(dir, 'plan.json');
  const ledgerPath = join(dir, 'ledger.jsonl');
  const configPath = join(dir, 'config.json');
  const { respondModule, env, ...serverOptions } = options;
  const state = new SharedState(serverOptions, new FileLedgerStore(ledgerPath), (plan) => {
    writePlanFile(planPath, plan);
  });
  const config: ChildConfig = { name: state.name, tools: [...state.tools], plan: planPath, ledger: ledgerPath };
  if (respondModule !== undefined) config.respondModule = respondModule;
  writeFileSync(configPath, JSON.stringify(config));

  const connect: StdioConnect = { command: process.execPath, args: [binPath(), '--config', configPath] };
  if (env !== undefined) connect.env = env;
  const pids = (): number[] => state.ledger.events().flatMap((event) => (event.type === 'start' ? [event.pid] : []));
  const alivePids = (): number[] => pids().filter(isAlive);

  return {
    ...state.controls(),
    connect,
    tools: state.tools,
    dir,
    pids,
    alivePids,
    dispose: async () => {
      const signal = (name: NodeJS.Signals): void => {
        for (const pid of alivePids()) {
          try {
            process.kill(pid, name);
          } catch {
            // exited meanwhile
          }
        }
      };
      signal('SIGTERM');
      for (let waited = 0; alivePids().length > 0 && waited < 2000; waited += 20) await pause(20);
      signal('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
