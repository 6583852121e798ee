import { retry, timeout } from '@res/core';
import { NOT_INHERITED, POLICY_KEYS, RETRY_KEYS, retryOptions, show, validatePolicy } from './options.js';
import { checked, validateHedge } from './policies/validate.js';
import { presets, presetNames } from './presets.js';
import { validateConnect } from './validate-connect.js';
import type {
  Catalog,
  PresetName,
  ResilientClientOptions,
  ServerPolicy,
  ToolPolicy,
  ToolSafety,
} from './types.js';

const TOOL_KEYS = new Set<string>(['safety', 'timeout', 'retry', 'fallback', 'hedge', 'task']);
const FALLBACK_KEYS = new Set<string>(['cache', 'maxEntries', 'maxAge']);
const CLIENT_KEYS = new Set<string>([
  'name', 'connect', 'preset', 'policy', 'tools', 'toolErrorIsFailure', 'classifyResult', 'classifyError', 'catalog',
  'profileEnv', 'includeArgumentsInEvents', 'clientInfo', 'handlers', 'capabilities',
]);
const SAFETIES: readonly ToolSafety[] = ['read', 'idempotent', 'unsafe'];

function rejectUnknownKeys(where: string, value: object, known: ReadonlySet<string>): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new TypeError(`${where} has an unknown option ${JSON.stringify(key.slice(0, 100))}; known options are ${[...known].join(', ')}`);
  }
}

/** The preset, with `policy` merged on top: a `failureThreshold` in `policy` drops the preset's `window`, and back. */
export function resolvePolicy(
  name: string,
  preset: PresetName | ServerPolicy | undefined,
  policy: Partial<ServerPolicy> | undefined,
): ServerPolicy {
  let base: ServerPolicy;
  if (preset === undefined) base = presets['external-api'];
  else if (typeof preset === 'string') {
    const found = Object.hasOwn(presets, preset) ? (presets as Record<string, ServerPolicy | undefined>)[preset] : undefined;
    if (found === undefined) {
      throw new TypeError(
        `ResilientClient "${name}": preset must be one of ${presetNames.map((n) => `'${n}'`).join(', ')} or a preset object, got ${show(preset)}`,
      );
    }
    base = found;
  } else if (typeof preset === 'object' && (preset as unknown) !== null) {
    rejectUnknownKeys(`ResilientClient "${name}": preset`, preset, POLICY_KEYS);
    // The default fills the classic numbers a preset object leaves out; its retry budget and the like are not inherited.
    const classic: Partial<ServerPolicy> = Object.fromEntries(Object.entries(presets['external-api']).filter(([key]) => !NOT_INHERITED.has(key)));
    base = { ...classic, ...preset };
  } else {
    throw new TypeError(`ResilientClient "${name}": preset must be a preset name or object, got ${show(preset)}`);
  }
  if (policy === undefined) return { ...base };
  if (typeof policy !== 'object' || (policy as unknown) === null) {
    throw new TypeError(`ResilientClient "${name}": policy must be an object, got ${show(policy)}`);
  }
  rejectUnknownKeys(`ResilientClient "${name}": policy`, policy, POLICY_KEYS);
  const merged: ServerPolicy = { ...base, ...policy };
  if (policy.failureThreshold !== undefined && policy.window === undefined) delete merged.window;
  if (policy.window !== undefined && policy.failureThreshold === undefined) delete merged.failureThreshold;
  return merged;
}

/** Checks the per-tool settings. */
export function validateTools(name: string, tools: Record<string, ToolPolicy> | undefined, policy: ServerPolicy): void {
  if (tools === undefined) return;
  if (typeof tools !== 'object' || (tools as unknown) === null) throw new TypeError(`ResilientClient "${name}": tools must be an object`);
  for (const [tool, settings] of Object.entries(tools)) {
    const where = `ResilientClient "${name}": tools.${tool}`;
    if (typeof settings !== 'object' || (settings as unknown) === null) throw new TypeError(`${where} must be an object, got ${show(settings)}`);
    rejectUnknownKeys(where, settings, TOOL_KEYS);
    if (settings.safety !== undefined && !SAFETIES.includes(settings.safety)) {
      throw new TypeError(`${where}.safety must be 'read', 'idempotent' or 'unsafe', got ${show(settings.safety)}`);
    }
    if (settings.task !== undefined && !['auto', 'always', 'never'].includes(settings.task)) {
      throw new TypeError(`${where}.task must be 'auto', 'always' or 'never', got ${show(settings.task)}`);
    }
    const ms = settings.timeout;
    if (ms !== undefined) checked(where, () => timeout(ms));
    if (settings.retry !== undefined && settings.retry !== false) {
      if (typeof settings.retry !== 'object') throw new TypeError(`${where}.retry must be false or an object, got ${show(settings.retry)}`);
      rejectUnknownKeys(`${where}.retry`, settings.retry, RETRY_KEYS);
      checked(`${where}.retry`, () => retry(retryOptions(policy, settings)));
    }
    validateHedge(`${where}.hedge`, settings.hedge);
    const fallback = settings.fallback;
    if (fallback !== undefined && fallback !== 'cache' && typeof fallback !== 'function') {
      if (typeof fallback !== 'object' || (fallback as unknown) === null || (fallback as { cache?: unknown }).cache !== true) {
        throw new TypeError(`${where}.fallback must be 'cache', { cache: true, maxEntries?, maxAge? } or a function, got ${show(fallback)}`);
      }
      rejectUnknownKeys(`${where}.fallback`, fallback, FALLBACK_KEYS);
      const { maxEntries, maxAge } = fallback;
      if (maxEntries !== undefined && !(typeof maxEntries === 'number' && Number.isSafeInteger(maxEntries) && maxEntries >= 1)) {
        throw new RangeError(`${where}.fallback.maxEntries must be an integer >= 1, got ${show(maxEntries)}`);
      }
      if (maxAge !== undefined && maxAge !== Infinity && !(typeof maxAge === 'number' && maxAge >= 0 && Number.isFinite(maxAge))) {
        throw new RangeError(`${where}.fallback.maxAge must be a number of ms >= 0 (or Infinity), got ${show(maxAge)}`);
      }
    }
  }
}

/** Checks an adapter catalog. */
export function validateCatalog(name: string, catalog: Catalog | undefined): void {
  if (catalog === undefined) return;
  if (typeof catalog !== 'object' || (catalog as unknown) === null) throw new TypeError(`ResilientClient "${name}": catalog must be an object, got ${show(catalog)}`);
  for (const [tool, entry] of Object.entries(catalog)) {
    if (typeof entry !== 'object' || (entry as unknown) === null) throw new TypeError(`ResilientClient "${name}": catalog.${tool} must be an object, got ${show(entry)}`);
    if (!SAFETIES.includes(entry.safety)) {
      throw new TypeError(`ResilientClient "${name}": catalog.${tool}.safety must be 'read', 'idempotent' or 'unsafe', got ${show(entry.safety)}`);
    }
    // Checked now: the tool's policies are built on its first call, too late to name the option.
    const { timeout: ms, maxAttempts } = entry;
    if (ms !== undefined) checked(`ResilientClient "${name}": catalog.${tool}`, () => timeout(ms));
    if (maxAttempts !== undefined) checked(`ResilientClient "${name}": catalog.${tool}`, () => retry({ maxAttempts }));
  }
}

/** Validates every option of a client at construction, before anything starts. */
export function validateClientOptions(options: ResilientClientOptions): ServerPolicy {
  if (typeof options !== 'object' || (options as unknown) === null) throw new TypeError('ResilientClient options must be an object');
  if (typeof options.name !== 'string' || options.name.trim() === '') {
    throw new TypeError(`ResilientClient: name must be a non-empty string, got ${show(options.name)}`);
  }
  const name = options.name;
  rejectUnknownKeys(`ResilientClient "${name}": options`, options, CLIENT_KEYS);
  validateConnect(name, options.connect);
  if (options.policy?.failureThreshold !== undefined && options.policy.window !== undefined) {
    throw new TypeError(`ResilientClient "${name}": policy sets both failureThreshold and window; they are alternatives, set one`);
  }
  const policy = resolvePolicy(name, options.preset, options.policy);
  validatePolicy(`ResilientClient "${name}"`, policy);
  validateTools(name, options.tools, policy);
  validateCatalog(name, options.catalog);
  const tef = options.toolErrorIsFailure;
  if (tef !== undefined && typeof tef !== 'boolean' && typeof tef !== 'function') {
    throw new TypeError(`ResilientClient "${name}": toolErrorIsFailure must be a boolean or a function, got ${show(tef)}`);
  }
  if (options.classifyResult !== undefined && typeof options.classifyResult !== 'function') {
    throw new TypeError(`ResilientClient "${name}": classifyResult must be a function, got ${show(options.classifyResult)}`);
  }
  if (options.classifyError !== undefined && typeof options.classifyError !== 'function') {
    throw new TypeError(`ResilientClient "${name}": classifyError must be a function, got ${show(options.classifyError)}`);
  }
  const args = options.includeArgumentsInEvents;
  if (args !== undefined && typeof args !== 'boolean') {
    throw new TypeError(`ResilientClient "${name}": includeArgumentsInEvents must be a boolean, got ${show(args)}`);
  }
  if (options.profileEnv !== undefined && (typeof options.profileEnv !== 'string' || options.profileEnv === '')) {
    throw new TypeError(`ResilientClient "${name}": profileEnv must be a non-empty string, got ${show(options.profileEnv)}`);
  }
  const info = options.clientInfo;
  if (info !== undefined && (typeof info !== 'object' || (info as unknown) === null || typeof info.name !== 'string' || typeof info.version !== 'string')) {
    throw new TypeError(`ResilientClient "${name}": clientInfo must be { name: string, version: string }, got ${show(info)}`);
  }
  return policy;
}
