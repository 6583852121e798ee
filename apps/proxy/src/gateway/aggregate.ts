import type { Prompt, Resource, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../log.js';
import type { Listed, Member } from './member.js';
import { collisionMessage, type Namespace, type Route } from './names.js';
import type { ListKind, Registry } from './registry.js';
import { oneLine } from './text.js';

/** A server that is down, restarting or misconfigured is not asked: its last list is served. */
export function isAvailable(member: Member): boolean {
  const state = member.supervisor?.status().state;
  return member.client !== undefined && state !== 'backoff' && state !== 'crash-loop' && state !== 'stopped';
}

/** Resolves with the fetch, or with `undefined` once `ms` have passed (the fetch goes on and updates the cache). */
function within<T>(fetch: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      resolve(undefined);
    }, ms);
    timer.unref();
  });
  return Promise.race([fetch, late]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * Every server's list of one kind, fetched at once from the available ones, each bounded by the
 * registry's `listTimeout`: a slow, down or misconfigured server never holds up the others;
 * its last known list is served (none, before it was ever listed).
 *
 * @example const perServer = await gatherLists(registry, 'tools', logger);
 */
export async function gatherLists<K extends ListKind>(registry: Registry, kind: K, logger: Logger): Promise<[Member, NonNullable<Listed[K]>][]> {
  const members = registry.members();
  await Promise.all(
    members.filter(isAvailable).map((member) =>
      within(
        registry.refresh(member, kind).catch((error: unknown) => {
          logger.error(`gateway: ${member.name}: ${kind}/list failed, serving the last list seen: ${member.redact(oneLine(error instanceof Error ? error.message : String(error), 1_000))}`);
        }),
        registry.listTimeout,
      ),
    ),
  );
  return members.map((member) => [member, (member.listed[kind] ?? []) as NonNullable<Listed[K]>]);
}

/** The routes of one kind and the items renamed for the host; collisions (only with `--no-prefix`) are logged once each. */
export function qualifyAll<T extends Tool | Prompt | Resource>(
  lists: readonly [Member, readonly T[]][],
  names: Namespace,
  kind: string,
  logger: Logger,
  reported: Set<string>,
): { items: T[]; routes: Map<string, Route> } {
  const { routes, collisions } = names.routes(lists.map(([member, items]) => [member.name, items.map((item) => item.name)]));
  const fresh = collisions.filter((collision) => !reported.has(`${kind}:${collision.name}`));
  if (fresh.length > 0) {
    for (const collision of fresh) reported.add(`${kind}:${collision.name}`);
    logger.error(`gateway: ${collisionMessage(fresh, kind)}; serving the first server's`);
  }
  const items: T[] = [];
  for (const [member, list] of lists) {
    for (const item of list) {
      const qualified = names.qualify(member.name, item.name);
      if (routes.get(qualified)?.server === member.name) items.push({ ...item, name: qualified });
    }
  }
  return { items, routes };
}
