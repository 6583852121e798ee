import type { Catalog } from '@res/mcp';

// The server's HTTP client retries every method, POST included, on timeouts, transport
// errors and 408/425/429/5xx: a create may already have been sent up to four times.
const SERVER_RETRIES = 'the server itself may already have sent it up to 4 times (it retries every method on timeouts, transport errors, 408/425/429/5xx)';

/**
 * Every tool RaindropIO-MCP registers (lesleslie/raindropio-mcp v0.4.0), with how safe
 * it is to send twice. `profile` is the lowest `RAINDROPIO_TOOL_PROFILE` that registers
 * the tool: `minimal` keeps only `health_check` and `discover_tools`; `standard` and
 * `full` (the default) register all 32.
 *
 * @example raindropCatalog.create_bookmark.safety // 'unsafe'
 */
export const raindropCatalog = {
  list_collections: { safety: 'read', purpose: 'List collections', profile: 'standard' },
  get_collection: { safety: 'read', purpose: 'Get one collection by id', profile: 'standard' },
  create_collection: { safety: 'unsafe', purpose: 'Create a collection', profile: 'standard', note: `a repeat creates a duplicate; ${SERVER_RETRIES}` },
  update_collection: { safety: 'idempotent', purpose: "Update a collection's metadata", profile: 'standard' },
  delete_collection: { safety: 'unsafe', purpose: 'Delete a collection (its bookmarks move to Uncategorized, id 0)', profile: 'standard', note: 'destructive' },
  list_bookmarks: { safety: 'read', purpose: 'List bookmarks in a collection (page, per_page, search, sort)', profile: 'standard' },
  search_bookmarks: { safety: 'read', purpose: 'Search bookmarks across all collections', profile: 'standard' },
  get_bookmark: { safety: 'read', purpose: 'Get one bookmark by id', profile: 'standard' },
  create_bookmark: { safety: 'unsafe', purpose: 'Create a bookmark in a collection', profile: 'standard', note: `a repeat creates a duplicate bookmark; ${SERVER_RETRIES}` },
  update_bookmark: { safety: 'idempotent', purpose: 'Update a bookmark', profile: 'standard' },
  delete_bookmark: { safety: 'unsafe', purpose: 'Delete a bookmark by id', profile: 'standard', note: 'destructive' },
  list_tags: { safety: 'read', purpose: 'Tags with usage counts', profile: 'standard' },
  rename_tag: { safety: 'idempotent', purpose: 'Rename a tag on every bookmark', profile: 'standard', note: 'a repeat finds nothing left to rename' },
  delete_tag: { safety: 'unsafe', purpose: 'Remove a tag from every bookmark', profile: 'standard', note: 'destructive' },
  list_highlights: { safety: 'read', purpose: 'Highlights of one bookmark', profile: 'standard' },
  get_highlight: { safety: 'read', purpose: 'Get one highlight by id', profile: 'standard' },
  create_highlight: { safety: 'unsafe', purpose: 'Add a highlight to a bookmark', profile: 'standard', note: `a repeat adds a duplicate; ${SERVER_RETRIES}` },
  update_highlight: { safety: 'idempotent', purpose: 'Modify a highlight', profile: 'standard' },
  delete_highlight: { safety: 'unsafe', purpose: 'Remove a highlight', profile: 'standard', note: 'destructive' },
  batch_move_bookmarks: { safety: 'idempotent', purpose: 'Move many bookmarks to a collection', profile: 'standard' },
  batch_update_bookmarks: { safety: 'idempotent', purpose: 'Apply the same changes to many bookmarks', profile: 'standard' },
  batch_tag_bookmarks: { safety: 'idempotent', purpose: 'Add tags to many bookmarks', profile: 'standard' },
  batch_untag_bookmarks: { safety: 'idempotent', purpose: 'Remove tags from many bookmarks', profile: 'standard' },
  batch_delete_bookmarks: { safety: 'unsafe', purpose: 'Delete many bookmarks', profile: 'standard', note: 'destructive' },
  apply_filters: { safety: 'read', purpose: 'Filtered search (GET /raindrops/search)', profile: 'standard' },
  get_filtered_bookmarks_by_collection: { safety: 'read', purpose: 'Filtered listing within one collection', profile: 'standard' },
  import_bookmarks: { safety: 'unsafe', purpose: 'Import bookmarks from an external source', profile: 'standard', note: `a repeat imports again; ${SERVER_RETRIES}` },
  export_bookmarks: { safety: 'read', purpose: 'Export bookmarks in a given format (GET /export)', profile: 'standard', note: 'may start a server-side export at Raindrop' },
  get_account_profile: { safety: 'read', purpose: "The authenticated user's profile", profile: 'standard' },
  ping: { safety: 'read', purpose: 'Heartbeat with a server timestamp', profile: 'standard' },
  health_check: { safety: 'read', purpose: 'Static {status, name, version}', profile: 'minimal' },
  discover_tools: { safety: 'read', purpose: 'Profile meta-tool listing tools, including ones not loaded', profile: 'minimal' },
} as const satisfies Catalog;

/** The names of RaindropIO-MCP's tools. */
export type RaindropTool = keyof typeof raindropCatalog;
