import { setFlagsFromString } from 'node:v8';
import { ConfigError } from './config.js';
import type { Logger } from './log.js';

/** The environment variable that sets (or turns off) res-proxy's V8 tier-up budget. */
export const BUDGET_ENV = 'RES_PROXY_INTERRUPT_BUDGET';
/** The budget res-proxy serves with: an eighth of V8's default of 67,584 bytes of bytecode. */
export const SERVING_INTERRUPT_BUDGET = 8_192;
const MIN_BUDGET = 1_024;
const MAX_BUDGET = 1_048_576;

/**
 * The V8 interrupt budget to serve with, from `RES_PROXY_INTERRUPT_BUDGET`: unset, the
 * {@link SERVING_INTERRUPT_BUDGET}; `default`, none (V8's own is kept); else an integer of
 * bytes. Anything else is a `ConfigError` naming the variable and the value.
 *
 * @example servingBudget({ RES_PROXY_INTERRUPT_BUDGET: 'default' }); // undefined
 */
export function servingBudget(env: NodeJS.ProcessEnv): number | undefined {
  const value = env[BUDGET_ENV];
  if (value === undefined || value.trim() === '') return SERVING_INTERRUPT_BUDGET;
  if (value.trim() === 'default') return undefined;
  const budget = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || budget < MIN_BUDGET || budget > MAX_BUDGET) {
    throw new ConfigError(`${BUDGET_ENV} must be "default" or an integer from ${MIN_BUDGET} to ${MAX_BUDGET}, got ${JSON.stringify(value.slice(0, 40))}`);
  }
  return budget;
}

/**
 * Lowers V8's interrupt budget (how much bytecode a function runs between checks for
 * optimisation) once res-proxy's startup is over. A proxy runs the same few functions for
 * every call: with V8's default they reach optimised code after about 6,000 calls, and until
 * then the optimising compiler's thread competes with the host and the server for the CPU;
 * with an eighth of it, after about 1,000 (BENCHMARKS.md). Startup itself, which runs much
 * code once, keeps V8's default. Process-wide: the CLI calls it, never the library.
 *
 * @example const budget = servingBudget(process.env); // ...serve, then:
 * if (budget !== undefined) tuneTierUp(budget, logger);
 */
export function tuneTierUp(budget: number, logger: Logger, setFlags: (flags: string) => void = setFlagsFromString): void {
  try {
    setFlags(`--interrupt-budget=${budget}`);
  } catch (error: unknown) {
    // A Node whose V8 refuses flags after startup: the proxy serves on with V8's defaults.
    logger.error(`could not set V8's interrupt budget, V8's own is kept: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  logger.info(`V8 interrupt budget ${budget} from now on (${BUDGET_ENV}=default keeps V8's own)`);
}
