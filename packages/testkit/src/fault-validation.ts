/**
 * Runtime checks for faults: `setFault` and the stdio child's config and plan files all go
 * through {@link parseFault}, so a typo fails loudly, naming the field and the value.
 */
import type { Fault, FaultPlan } from './faults.js';
import { randomSeed } from './random.js';

type Fields = Record<string, unknown>;

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function fields(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${path} must be an object, got ${show(value)}`);
  }
  return value as Fields;
}

/** `{ [key]: value }` when the optional string field is present, else `{}`. */
function optionalString<K extends string>(obj: Fields, key: K, path: string): Partial<Record<K, string>> {
  const value = obj[key];
  if (value === undefined) return {};
  if (typeof value !== 'string') throw new TypeError(`${path}.${key} must be a string, got ${show(value)}`);
  return { [key]: value } as Partial<Record<K, string>>;
}

function number(obj: Fields, key: string, path: string, check: (n: number) => boolean, rule: string): number {
  const value = obj[key];
  if (typeof value !== 'number') throw new TypeError(`${path}.${key} must be a number, got ${show(value)}`);
  if (!check(value)) throw new RangeError(`${path}.${key} must be ${rule}, got ${show(value)}`);
  return value;
}

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/**
 * Checks an untrusted value (JSON, CLI input, a caller's object) and returns a clean `Fault`.
 * Throws `TypeError` for a wrong shape or an unknown `type`, `RangeError` for a bad number.
 *
 * @example const fault = parseFault(JSON.parse('{"type":"slow","ms":200}'));
 */
export function parseFault(value: unknown, path = 'fault'): Fault {
  const obj = fields(value, path);
  switch (obj.type) {
    case 'ok':
    case 'hang':
      return { type: obj.type };
    case 'fail':
      return { type: 'fail', ...optionalString(obj, 'message', path) };
    case 'is-error':
      return { type: 'is-error', ...optionalString(obj, 'text', path) };
    case 'rpc-error':
      return {
        type: 'rpc-error',
        code: number(obj, 'code', path, Number.isSafeInteger, 'an integer'),
        ...optionalString(obj, 'message', path),
      };
    case 'slow': {
      const ms = number(obj, 'ms', path, (n) => Number.isFinite(n) && n >= 0, 'a finite number >= 0');
      return obj.then === undefined ? { type: 'slow', ms } : { type: 'slow', ms, then: parseFault(obj.then, `${path}.then`) };
    }
    case 'in-band':
      if (!('body' in obj)) throw new TypeError(`${path}.body is required for an in-band fault`);
      return { type: 'in-band', body: obj.body };
    case 'crash':
      return obj.exitCode === undefined
        ? { type: 'crash' }
        : { type: 'crash', exitCode: number(obj, 'exitCode', path, (n) => isCount(n) && n <= 255, 'an integer in [0, 255]') };
    case 'fail-first':
      return {
        type: 'fail-first',
        count: number(obj, 'count', path, isCount, 'an integer >= 0'),
        fault: parseFault(obj.fault, `${path}.fault`),
      };
    case 'random': {
      const probability = number(obj, 'probability', path, (n) => n >= 0 && n <= 1, 'in [0, 1]');
      const fault = parseFault(obj.fault, `${path}.fault`);
      return obj.seed === undefined
        ? { type: 'random', probability, fault }
        : { type: 'random', probability, fault, seed: number(obj, 'seed', path, Number.isSafeInteger, 'an integer') };
    }
    default:
      throw new TypeError(
        `${path}.type must be one of ok, fail, rpc-error, slow, hang, in-band, is-error, crash, fail-first, random; got ${show(obj.type)}`,
      );
  }
}

/**
 * Checks a whole plan (tool name or `'*'` -> fault).
 *
 * @example const plan = parseFaultPlan({ '*': { type: 'hang' } });
 */
export function parseFaultPlan(value: unknown, path = 'faults'): FaultPlan {
  const obj = fields(value, path);
  const plan: FaultPlan = {};
  for (const [tool, fault] of Object.entries(obj)) plan[tool] = parseFault(fault, `${path}.${tool}`);
  return plan;
}

/**
 * Gives every `random` fault without a seed a fresh one, so that the fault, once set, is
 * deterministic — and a stdio child reading the plan draws the same numbers as the parent would.
 *
 * @example withSeeds({ type: 'random', probability: 0.1, fault: { type: 'fail' } }).seed; // a number
 */
export function withSeeds(fault: Fault): Fault {
  switch (fault.type) {
    case 'random':
      return { ...fault, seed: fault.seed ?? randomSeed(), fault: withSeeds(fault.fault) };
    case 'fail-first':
      return { ...fault, fault: withSeeds(fault.fault) };
    case 'slow':
      return fault.then === undefined ? fault : { ...fault, then: withSeeds(fault.then) };
    default:
      return fault;
  }
}
