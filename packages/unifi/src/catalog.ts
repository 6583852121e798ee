import type { Catalog } from '@res/mcp';

// The server registers a group only when its controller is configured: 8 + 5 tools, or none.
const NETWORK = 'registered only with a network controller (NETWORK_CONTROLLER__HOST, __USERNAME, __PASSWORD)';
const ACCESS = 'registered only with an access controller (ACCESS_CONTROLLER__HOST, __PASSWORD = API token)';

/**
 * Every tool UniFi-MCP registers (lesleslie/unifi-mcp v0.2.8), with how safe it is to
 * send twice. Which ones a server offers depends on its configured controllers: 13 with
 * both, 8 with the network controller only, 5 with the access controller only, none
 * without a controller.
 *
 * @example unifiCatalog.unifi_unlock_door.safety // 'unsafe'
 */
export const unifiCatalog = {
  unifi_get_sites: { safety: 'read', purpose: 'List sites on the Network controller', note: NETWORK },
  unifi_get_devices: { safety: 'read', purpose: "List devices in a site (site_id, default 'default')", note: NETWORK },
  unifi_get_clients: { safety: 'read', purpose: 'List connected clients in a site', note: NETWORK },
  unifi_get_wlans: { safety: 'read', purpose: 'List WLAN configurations in a site', note: NETWORK },
  unifi_get_statistics: { safety: 'read', purpose: 'Site statistics', note: NETWORK },
  unifi_restart_device: { safety: 'unsafe', purpose: 'Restart a device by MAC (devmgr restart command)', note: `disruptive: a repeat reboots again; ${NETWORK}` },
  unifi_disable_ap: { safety: 'unsafe', purpose: 'Disable an access point by MAC (PUT disabled=true)', note: `idempotent in effect but takes an AP off the air: unsafe conservatively; ${NETWORK}` },
  unifi_enable_ap: { safety: 'idempotent', purpose: 'Enable an access point by MAC (PUT disabled=false)', note: NETWORK },
  unifi_get_access_points: { safety: 'read', purpose: 'List Access devices and door hubs', note: ACCESS },
  unifi_get_access_users: { safety: 'read', purpose: 'List Access users', note: ACCESS },
  unifi_get_access_logs: { safety: 'read', purpose: 'Door access logs', note: ACCESS },
  unifi_unlock_door: { safety: 'unsafe', purpose: 'Unlock a door by id', note: `physical side effect: never retried; ${ACCESS}` },
  unifi_set_access_schedule: { safety: 'unsafe', purpose: "Set a user's access schedule (PUT)", note: `idempotent in effect but security-sensitive: unsafe conservatively; ${ACCESS}` },
} as const satisfies Catalog;

/** The names of UniFi-MCP's tools. */
export type UnifiTool = keyof typeof unifiCatalog;
