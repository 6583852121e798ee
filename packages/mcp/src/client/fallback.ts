import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CallState } from '../call.js';
import { isMcpFailure } from '../errors.js';
import { argumentsKey } from '../stale-cache.js';
import type { Fallback } from './record.js';

/**
 * The fallback stage of a failed tool call: the stale cache's last good result for the
 * same arguments, or the tool's fallback function's. `undefined` when there is none, and
 * always for a caller's error (a bad call is not answered from the past).
 */
export async function fallbackFor(call: CallState, error: unknown): Promise<Fallback | undefined> {
  const { runtime } = call;
  if (isMcpFailure(error) && error.kind === 'caller') return undefined;
  if (runtime.cache !== undefined) {
    const hit = runtime.cache.get(argumentsKey(call.args));
    return hit === undefined ? undefined : { result: hit.result, source: 'cache', cachedAt: hit.cachedAt };
  }
  if (runtime.fallbackFn === undefined) return undefined;
  // A function written in JavaScript may still return nothing: then there is no fallback.
  const result = (await runtime.fallbackFn(error)) as CallToolResult | undefined;
  return result === undefined ? undefined : { result, source: 'function' };
}
