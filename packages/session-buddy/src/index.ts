/**
 * @res/session-buddy: a resilient client for Session-Buddy.
 *
 * @example
 * import { createSessionBuddyClient } from '@res/session-buddy';
 * const buddy = createSessionBuddyClient(); // the server at http://127.0.0.1:8678/mcp
 * await buddy.call('quick_search', { query: 'retry budget' });
 *
 * @packageDocumentation
 */
import { defineAdapter, type AdapterClient, type AdapterOptions } from '@res/mcp';
import type { SessionBuddyToolArgs } from './args.js';
import { sessionBuddyCatalog } from './catalog.js';
import { classifySessionBuddyResult } from './classify.js';
import { sessionBuddyPresets } from './presets.js';

/**
 * The Session-Buddy adapter's descriptor (what `defineAdapter` made): its catalog, presets and
 * definition, and `create`, for hosts that serve any adapter (a proxy, a demo) without casts.
 *
 * @example sessionBuddyAdapter.definition.name // 'session-buddy'
 */
export const sessionBuddyAdapter = defineAdapter<typeof sessionBuddyCatalog, SessionBuddyToolArgs>({
  name: 'session-buddy',
  packageName: '@res/session-buddy',
  // The maintained entrypoint is HTTP: `session-buddy start` serves it here.
  launch: (env) => ({ url: `http://127.0.0.1:${env.SESSION_BUDDY__HTTP_PORT ?? '8678'}/mcp` }),
  tools: sessionBuddyCatalog,
  presets: sessionBuddyPresets,
  classifyResult: classifySessionBuddyResult,
  // isError means a raised exception or bad arguments; the classifier sorts out the caller's.
  toolErrorIsFailure: true,
  // No credential is required: embedding, Akosha and auth settings are the server's.
  env: {
    passthrough: [
      'SESSION_BUDDY_TOOL_PROFILE',
      'SESSION_BUDDY__HTTP_PORT',
      'LLAMA_SERVER_URL',
      'OLLAMA_BASE_URL',
      'SESSION_BUDDY_DHARA_URL',
      'AKOSHA_URL',
      'SESSION_BUDDY_AUTH_ENABLED',
      'SESSION_BUDDY_JWT_SECRET',
      'SESSION_BUDDY_SECRET',
      'SESSION_BUDDY_TOKEN_EXPIRY',
      'SESSION_BUDDY_MODE',
    ],
  },
  profileEnv: 'SESSION_BUDDY_TOOL_PROFILE and the entrypoint: `session-buddy start` registers 49 tools and ignores the variable',
});

/** A resilient Session-Buddy client, typed by its catalog. */
export type SessionBuddyClient = AdapterClient<typeof sessionBuddyCatalog, SessionBuddyToolArgs>;

/**
 * Creates a resilient Session-Buddy client for the server at `http://127.0.0.1:8678/mcp`
 * (`SESSION_BUDDY__HTTP_PORT` changes the port). Starts nothing until the first call.
 *
 * @example const buddy = createSessionBuddyClient({ connect: { url: 'http://127.0.0.1:8678/mcp' } });
 */
export function createSessionBuddyClient(options?: AdapterOptions): SessionBuddyClient {
  return sessionBuddyAdapter.create(options);
}

export { sessionBuddyCatalog, sessionBuddyStartTools, type SessionBuddyTool } from './catalog.js';
export { sessionBuddyPrompts } from './prompts.js';
export { sessionBuddyPresets, type SessionBuddyPreset } from './presets.js';
export { classifySessionBuddyResult } from './classify.js';
export type { SessionBuddyToolArgs } from './args.js';
