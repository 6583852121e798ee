/**
 * What every mode shares: the tools, the live fault plan and the ledger, plus the controls
 * a handle exposes over them.
 */
import type { Responder } from './call.js';
import type { Fault, FaultPlan } from './faults.js';
import { Ledger, type LedgerView } from './ledger.js';
import { type LedgerStore, MemoryLedgerStore } from './ledger-store.js';
import { FaultPlanState, type PlanSnapshot } from './plan.js';
import { parseToolSpecs } from './tool-validation.js';
import { defaultTools, type ToolSpec } from './tools.js';

/**
 * Options common to every mode.
 *
 * @example const options: ServerOptions = { tools: defaultTools, faults: { send_item: { type: 'crash' } } };
 */
export interface ServerOptions {
  /** The tools to serve; default {@link defaultTools}. */
  tools?: readonly ToolSpec[];
  /** Faults in force from the start; change them later with `setFault`. */
  faults?: FaultPlan;
  /** The server name reported on `initialize`; default `'res-testkit'`. */
  name?: string;
  /** Realistic answers per tool (in-process modes; a stdio child takes `respondModule`). */
  respond?: Readonly<Record<string, Responder>>;
}

/**
 * Changing faults at run time; every handle offers these.
 *
 * @example handle.setFault('*', { type: 'slow', ms: 100 }); handle.clearFaults();
 */
export interface FaultControls {
  /** Sets the fault of a tool (or `'*'`); validated at once, counts such as fail-first start again. */
  setFault(tool: string, fault: Fault): void;
  /** Removes the fault of one tool (a `'*'` fault still applies to it). */
  clearFault(tool: string): void;
  /** Removes every fault. */
  clearFaults(): void;
}

/**
 * Fault controls and ledger reads: the common part of every handle.
 *
 * @example function breakIt(server: ServerControls) { server.setFault('*', { type: 'hang' }); }
 */
export interface ServerControls extends FaultControls, LedgerView {}

/**
 * Tools, plan, ledger and responders of one server, whatever runs it (internal to the modes).
 *
 * @example const state = new SharedState({ tools: defaultTools }); state.controls().setFault('*', { type: 'hang' });
 */
export class SharedState {
  readonly name: string;
  readonly tools: readonly ToolSpec[];
  readonly plan: FaultPlanState;
  readonly ledger: Ledger;
  readonly respond: Readonly<Record<string, Responder>>;

  constructor(options: ServerOptions, ledgerStore: LedgerStore = new MemoryLedgerStore(), onPlanChange?: (plan: PlanSnapshot) => void) {
    this.name = options.name ?? 'res-testkit';
    this.tools = parseToolSpecs(options.tools ?? defaultTools);
    this.respond = options.respond ?? {};
    const known = new Set(this.tools.map((tool) => tool.name));
    for (const tool of Object.keys(this.respond)) {
      if (!known.has(tool)) throw new TypeError(`respond.${tool}: no such tool among ${[...known].join(', ')}`);
    }
    for (const tool of Object.keys(options.faults ?? {})) this.checkTool(tool);
    this.plan = new FaultPlanState(options.faults, onPlanChange);
    this.ledger = new Ledger(ledgerStore);
  }

  /** Throws unless `tool` is served here or is `'*'`: a fault on a typo would never fire. */
  checkTool(tool: string): void {
    if (tool !== '*' && !this.tools.some((spec) => spec.name === tool)) {
      throw new TypeError(`no tool '${tool}' on this server (tools: ${this.tools.map((spec) => spec.name).join(', ')}; '*' = all)`);
    }
  }

  /** The controls a handle exposes, as standalone functions (safe to destructure). */
  controls(): ServerControls {
    return {
      setFault: (tool, fault) => {
        this.checkTool(tool);
        this.plan.set(tool, fault);
      },
      clearFault: (tool) => {
        this.plan.clear(tool);
      },
      clearFaults: () => {
        this.plan.clear();
      },
      calls: (tool) => this.ledger.calls(tool),
      aborts: (tool) => this.ledger.aborts(tool),
      events: () => this.ledger.events(),
    };
  }
}
