/**
 * A site, `'default'` unless given.
 * @inline
 */
interface SiteArgs {
  site_id?: string;
}

/** Arguments of UniFi-MCP's tools (all 13; the access list tools take none). */
export interface UnifiToolArgs {
  unifi_get_sites: Record<string, never>;
  unifi_get_devices: SiteArgs;
  unifi_get_clients: SiteArgs;
  unifi_get_wlans: SiteArgs;
  unifi_get_statistics: SiteArgs;
  unifi_restart_device: SiteArgs & { mac: string };
  unifi_disable_ap: SiteArgs & { mac: string };
  unifi_enable_ap: SiteArgs & { mac: string };
  unifi_get_access_points: Record<string, never>;
  unifi_get_access_users: Record<string, never>;
  unifi_get_access_logs: Record<string, never>;
  unifi_unlock_door: { door_id: string };
  /** `schedule` is passed to the Access API as is (PUT /users/{user_id}). */
  unifi_set_access_schedule: { user_id: string; schedule: Record<string, unknown> };
}
