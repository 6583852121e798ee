import { adaptiveLimit, chaos, hedge, retryBudget, throttle } from '@res/core';
import type { ChaosPolicySettings, HedgeSetting } from './types.js';

const BUDGET_KEYS = ['ratio', 'minPerSecond', 'ttl'];
const HEDGE_KEYS = ['maxHedges', 'delay'];
const LIMIT_KEYS = ['algorithm', 'initial', 'min', 'max', 'queue', 'random'];
const THROTTLE_KEYS = ['k', 'window', 'buckets', 'maxRejectProbability', 'random'];
const CHAOS_KEYS = ['fault', 'latency', 'enabled', 'random'];
const FAULT_KEYS = ['rate', 'kind'];
const LATENCY_KEYS = ['rate', 'ms'];
const FAULT_KINDS = ['transport', 'timeout', 'protocol'];

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return typeof value === 'function' ? 'a function' : String(value);
}

/**
 * Runs a core constructor for validation, prefixing its message with the option's path.
 *
 * @example checked('ResilientClient "x": bulkhead', () => bulkhead(options));
 */
export function checked(where: string, make: () => unknown): void {
  try {
    make();
  } catch (error: unknown) {
    if (error instanceof RangeError) throw new RangeError(`${where}: ${error.message}`);
    if (error instanceof TypeError) throw new TypeError(`${where}: ${error.message}`);
    throw error;
  }
}

/** An object with only `known` keys, else a `TypeError` naming the option. */
function object(where: string, value: unknown, known: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${where} must be an object, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new TypeError(`${where} has an unknown option ${JSON.stringify(key.slice(0, 100))}; known options are ${known.join(', ')}`);
  }
  return value as Record<string, unknown>;
}

/** Checks a `hedge` setting (server or tool): `false` or `{ maxHedges?, delay? }`. */
export function validateHedge(where: string, setting: HedgeSetting | undefined): void {
  if (setting === undefined || setting === false) return;
  const options = object(where, setting, HEDGE_KEYS);
  checked(where, () => hedge(options));
}

function validateChaos(where: string, setting: ChaosPolicySettings): void {
  const options = object(where, setting, CHAOS_KEYS);
  const random = options.random;
  if (random !== undefined && typeof random !== 'function') throw new TypeError(`${where}.random must be a function, got ${describe(random)}`);
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    throw new TypeError(`${where}.enabled must be a boolean, got ${describe(options.enabled)}`);
  }
  if (options.fault !== undefined) {
    const fault = object(`${where}.fault`, options.fault, FAULT_KEYS);
    if (fault.kind !== undefined && !FAULT_KINDS.includes(fault.kind as string)) {
      throw new TypeError(`${where}.fault.kind must be 'transport', 'timeout' or 'protocol', got ${describe(fault.kind)}`);
    }
    if (typeof fault.rate !== 'number') throw new TypeError(`${where}.fault.rate must be a number in [0, 1], got ${describe(fault.rate)}`);
    checked(`${where}.fault`, () => chaos.fault({ rate: fault.rate as number, error: new Error('chaos') }));
  }
  if (options.latency !== undefined) {
    const latency = object(`${where}.latency`, options.latency, LATENCY_KEYS);
    if (typeof latency.rate !== 'number') throw new TypeError(`${where}.latency.rate must be a number in [0, 1], got ${describe(latency.rate)}`);
    if (typeof latency.ms !== 'number') throw new TypeError(`${where}.latency.ms must be a number of ms >= 0, got ${describe(latency.ms)}`);
    checked(`${where}.latency`, () => chaos.latency({ rate: latency.rate as number, ms: latency.ms as number }));
  }
}

/**
 * Checks one option beyond the classic policies (`retryBudget`, `hedge`, `concurrency`,
 * `throttle`, `chaos`) by building the core policy it describes; each message names
 * the option, e.g. `ResilientClient "x": retryBudget: ratio must be …`.
 */
export function validateBeyondOption(where: string, key: 'retryBudget' | 'hedge' | 'concurrency' | 'throttle' | 'chaos', value: unknown): void {
  if (value === undefined) return;
  const at = `${where}: ${key}`;
  if (key === 'hedge') validateHedge(at, value as HedgeSetting);
  else if (key === 'chaos') validateChaos(at, value as ChaosPolicySettings);
  else if (key === 'retryBudget') {
    if (value === false) return;
    const options = object(at, value, BUDGET_KEYS);
    checked(at, () => retryBudget(options));
  } else if (key === 'throttle') {
    const options = object(at, value, THROTTLE_KEYS);
    checked(at, () => throttle(options));
  } else if (value !== 'adaptive') {
    if (typeof value === 'string') throw new TypeError(`${at} must be 'adaptive' or adaptiveLimit options, got ${describe(value)}`);
    const options = object(at, value, LIMIT_KEYS);
    checked(at, () => adaptiveLimit(options));
  }
}
