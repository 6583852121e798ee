import {
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  type InitializeRequest,
  type InitializeResult,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerDescription } from '@res/mcp';

/** Declared when the upstream cannot be reached at the host's `initialize` (DESIGN §6). */
export const BROAD_CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  logging: {},
  completions: {},
};

/** The `_meta` key under which res-proxy names itself in its `initialize` answer. */
export const PROXY_META_KEY = 'dev.res/proxy';

/**
 * The proxy's answer to the host's `initialize`: the upstream's `serverInfo`,
 * capabilities and instructions (tools always, with `listChanged`, for `res_health`),
 * and res named in `_meta`. Without an upstream: the broad set, under the proxy's name.
 *
 * @example initializeAnswer(request, await upstream.connect(), { name: 'mermaid', version: '0.1.0' });
 */
export function initializeAnswer(request: InitializeRequest, upstream: ServerDescription | undefined, proxy: { name: string; version: string }): InitializeResult {
  const requested = request.params.protocolVersion;
  const protocolVersion = SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION;
  const mirrored = upstream?.capabilities;
  const capabilities: ServerCapabilities =
    mirrored === undefined ? BROAD_CAPABILITIES : { ...mirrored, tools: { ...mirrored.tools, listChanged: true } };
  const serverInfo = upstream?.serverInfo ?? { name: `res-proxy (${proxy.name})`, version: proxy.version };
  return {
    protocolVersion,
    capabilities,
    serverInfo,
    ...(upstream?.instructions === undefined ? {} : { instructions: upstream.instructions }),
    _meta: { [PROXY_META_KEY]: { version: proxy.version, upstream: proxy.name, connected: upstream !== undefined } },
  };
}
