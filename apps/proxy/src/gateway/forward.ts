import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import {
  CompleteRequestSchema,
  ErrorCode,
  ListResourceTemplatesRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ResourceTemplate,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { RpcError, rpcErrorFor } from '../answers.js';
import type { Logger } from '../log.js';
import type { HostLink } from '../relay/host-link.js';
import { progressRelay } from '../relay/progress.js';
import type { RelayServer } from '../relay/relay-server.js';
import { isAvailable } from './aggregate.js';
import type { HostRouter } from './host-router.js';
import type { Member } from './member.js';
import type { Namespace, Route } from './names.js';
import type { Registry } from './registry.js';
import { oneLine } from './text.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What the forwarding handlers need of the gateway server. */
export interface Forwarding {
  registry: Registry;
  names: Namespace;
  logger: Logger;
  link: HostLink;
  router: HostRouter | undefined;
  /** A prompt's server and own name, by the name the host sees. */
  prompt: (name: string) => { member: Member; route: Route } | undefined;
  /** The server that listed a resource URI (after resources/list). */
  listedOwner: (uri: string) => Member | undefined;
}

/** Host notifications the SDK handles itself. */
const LOCAL_NOTIFICATIONS = new Set(['notifications/initialized', 'notifications/cancelled', 'notifications/progress']);

/** The one server an unknown method can go to: only with `--no-prefix` and one server. */
export function soleMember(registry: Registry, names: Namespace): Member | undefined {
  const members = registry.members();
  return !names.prefix && members.length === 1 ? members[0] : undefined;
}

/**
 * Sends one host request to one server through its `ResilientClient` (breaker, retries),
 * relaying progress and marking the call in flight so the server's own requests reach this host.
 */
async function forward(context: Forwarding, member: Member, method: string, params: Record<string, unknown> | undefined, extra: Extra): Promise<Record<string, unknown>> {
  if (member.client === undefined) throw new RpcError(ErrorCode.InternalError, `${member.name} is unavailable (misconfigured): ${member.problems.join('; ')}`);
  const progress = progressRelay(extra);
  const untrack = context.router?.begin(context.link, member.name, extra.requestId) ?? context.link.track(extra.requestId);
  try {
    const result = await member.client.request(method, params, { signal: extra.signal, ...(progress.onprogress === undefined ? {} : { onprogress: progress.onprogress }) });
    await progress.flush();
    return result;
  } catch (error: unknown) {
    throw rpcErrorFor(error);
  } finally {
    untrack();
  }
}

/**
 * Adds to a gateway server: `resources/templates/list` (names qualified like the rest, each
 * template routed back to its server), `resources/subscribe|unsubscribe`, `completion/complete`,
 * and any other method forwarded when its server is unambiguous (`--no-prefix`, one server);
 * otherwise -32601 saying why. Returns the owner lookup for a resource URI (listed or templated).
 *
 * @example const ownerOf = installForwarding(server, { registry, names, logger, link, router, prompt, listedOwner });
 */
export function installForwarding(server: RelayServer, context: Forwarding): (uri: string) => Member | undefined {
  const { registry, names, logger } = context;
  let templates: { server: string; uriTemplate: string; matcher: UriTemplate }[] = [];

  const ownerOf = (uri: string): Member | undefined => {
    const listed = context.listedOwner(uri);
    if (listed !== undefined) return listed;
    const templated = templates.find((template) => template.uriTemplate === uri || template.matcher.match(uri) !== null);
    return templated === undefined ? soleMember(registry, names) : registry.get(templated.server);
  };
  const owned = (uri: string): Member => {
    const member = ownerOf(uri);
    if (member === undefined) throw new RpcError(ErrorCode.InvalidParams, `Unknown resource: ${uri} (list resources or resource templates first)`);
    return member;
  };

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async (_request, extra) => {
    const lists = await Promise.all(
      registry.members().filter(isAvailable).map(async (member): Promise<[Member, ResourceTemplate[]]> => {
        try {
          const signal = AbortSignal.any([extra.signal, AbortSignal.timeout(registry.listTimeout)]);
          return [member, (await (member.client?.listResourceTemplates({ signal }) ?? Promise.resolve({ resourceTemplates: [] }))).resourceTemplates];
        } catch (error: unknown) {
          const rpc = rpcErrorFor(error);
          if (rpc.code !== (ErrorCode.MethodNotFound as number)) logger.error(`gateway: ${member.name}: resources/templates/list failed: ${member.redact(oneLine(rpc.message, 1_000))}`);
          return [member, []];
        }
      }),
    );
    templates = lists.flatMap(([member, items]) => items.map((item) => ({ server: member.name, uriTemplate: item.uriTemplate, matcher: new UriTemplate(item.uriTemplate) })));
    return { resourceTemplates: lists.flatMap(([member, items]) => items.map((item) => ({ ...item, name: names.qualify(member.name, item.name) }))) };
  });

  server.setRequestHandler(SubscribeRequestSchema, (request, extra) => forward(context, owned(request.params.uri), request.method, request.params, extra));
  server.setRequestHandler(UnsubscribeRequestSchema, (request, extra) => forward(context, owned(request.params.uri), request.method, request.params, extra));

  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { ref } = request.params;
    if (ref.type === 'ref/prompt') {
      const target = context.prompt(ref.name);
      if (target === undefined) throw new RpcError(ErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
      const params = { ...request.params, ref: { ...ref, name: target.route.name } };
      return forward(context, target.member, request.method, params, extra);
    }
    return forward(context, owned(ref.uri), request.method, request.params, extra);
  });

  server.fallbackRequestHandler = async (request, extra) => {
    const member = soleMember(registry, names);
    if (member === undefined) {
      throw new RpcError(ErrorCode.MethodNotFound, `${request.method}: the res gateway cannot tell which server should answer it (unknown methods are forwarded only with --no-prefix and one server)`);
    }
    return forward(context, member, request.method, request.params, extra);
  };
  server.fallbackNotificationHandler = async (notification) => {
    if (LOCAL_NOTIFICATIONS.has(notification.method)) return;
    await Promise.allSettled(registry.members().filter(isAvailable).map((member) => member.client?.notify(notification.method, notification.params) ?? Promise.resolve()));
  };
  return ownerOf;
}
