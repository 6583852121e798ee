/**
 * res-proxy as a library: build the same proxy in your own process.
 *
 * @example
 * import { createProxyServer } from '@res/proxy';
 * const server = createProxyServer(new ResilientClient({ name: 'up', connect: { url } }), { logger: stderrLogger() });
 *
 * @packageDocumentation
 */
export { createProxyServer, type ProxyServerOptions } from './proxy-server.js';
export { answerFor, rpcErrorFor, RpcError } from './answers.js';
export { parseArgs, program } from './cli.js';
export { parseConfig, readConfigFile, proxyConfigSchema, ConfigError, MAX_MS, type ProxyConfig } from './config.js';
export { createUpstream, upstreamName, redactorFor, type HostProtocol } from './upstream.js';
export { HostLink } from './relay/host-link.js';
export { initializeAnswer, PROXY_META_KEY, BROAD_CAPABILITIES } from './relay/initialize.js';
export { startProxy, logEvents } from './start.js';
export { stderrLogger, type Logger } from './log.js';
export { startHttpFront, type HttpFront, type HttpFrontOptions, type FrontSession } from './http-front.js';
export { listen, parseListen } from './listen.js';
export { hostAllowed, allowedHostnames, bearerAllowed } from './http-guard.js';
export { healthTool, adminTool } from './own-tools.js';
export { runWrap, wrapProgram, type WrapIo } from './wrap/command.js';
export { wrapHostConfig, type WrapOptions, type WrapResult } from './wrap/rewrite.js';
export { recogniseCommand, recogniseUrl, isResProxy } from './wrap/recognise.js';
export { hostServers, parseJson, type HostEntry } from './host-shape.js';
export { parseGatewayConfig, readGatewayConfig, isGatewayConfig, resBlockSchema, type ResBlock, type GatewayConnect, type GatewayServerConfig } from './gateway/config.js';
export { Namespace, collisionMessage, type Route, type Collision } from './gateway/names.js';
export { Supervisor, restartDelay, type Supervised, type SupervisorOptions, type SupervisorState, type SupervisorEvent } from './gateway/supervisor.js';
export { Registry, type RegistryOptions, type MemberHealth, type RegistryEvents } from './gateway/registry.js';
export { createMember, type Member, type Listed } from './gateway/member.js';
export { createGatewayServer, gatewayHealthTool, type GatewayServerOptions } from './gateway/gateway-server.js';
export { createGateway, startGateway, type Gateway } from './gateway/start.js';
export { gatewayProgram, gatewayConfigPath, type GatewayFlags } from './gateway/cli.js';
export { statusHandler, statusRoutes, readiness, startStatusServer, registrySource, type StatusServerOptions, type StatusSource } from './gateway/status-server.js';
export { statusRows, type StatusRow } from './gateway/status-rows.js';
export { statusPage, rowsHtml } from './gateway/status-page.js';
export { gatewayMetrics } from './gateway/metrics.js';
