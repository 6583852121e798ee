import type { Catalog } from '@res/mcp';

/**
 * Every tool Excalidraw-MCP registers (lesleslie/excalidraw-mcp v0.38.0), with how
 * safe it is to send twice. `EXCALIDRAW_TOOL_PROFILE=minimal` keeps only
 * `health_check` and `discover_tools`; `standard` and `full` (the default) register all 14.
 *
 * The server retries every canvas POST itself (4 attempts, about 7 s of backoff), so
 * POST-backed tools get `maxAttempts: 1` and a 60 s timeout: a client retry would
 * multiply canvas writes up to 8-fold.
 *
 * @example excalidrawCatalog.create_element.safety // 'unsafe'
 */
export const excalidrawCatalog = {
  create_element: { safety: 'unsafe', purpose: 'Create one element on the canvas (the server assigns a fresh UUID per call)', profile: 'standard', timeout: 60_000, maxAttempts: 1, note: 'POST /api/elements, retried up to 4 attempts by the server; a client retry creates a duplicate element' },
  batch_create_elements: { safety: 'unsafe', purpose: 'Create up to 50 elements in one call', profile: 'standard', timeout: 60_000, maxAttempts: 1, note: "POST /api/elements/batch, retried up to 4 attempts by the server; the canvas assigns new ids per attempt, so even the server's own retry after a timeout can duplicate the batch" },
  update_element: { safety: 'idempotent', purpose: 'Update an element by id', profile: 'standard', note: 'PUT /api/elements/{id}; not retried by the server' },
  delete_element: { safety: 'unsafe', purpose: 'Delete an element by id', profile: 'standard', note: 'DELETE /api/elements/{id}; destructive; a repeat fails harmlessly (already gone) but reports failure' },
  query_elements: { safety: 'read', purpose: 'List or filter canvas elements', profile: 'standard', note: 'GET /api/elements' },
  group_elements: { safety: 'unsafe', purpose: 'Group two or more element ids; returns a new groupId each call', profile: 'standard', timeout: 60_000, maxAttempts: 1, note: 'POST /api/elements/group, retried up to 4 attempts by the server; the canvas has no such route in this snapshot, so expect success:false (not counted by the breaker)' },
  ungroup_elements: { safety: 'unsafe', purpose: 'Dissolve a group by id', profile: 'standard', note: 'DELETE /api/elements/group/{id}; the canvas has no such route in this snapshot, so expect success:false (not counted by the breaker)' },
  align_elements: { safety: 'idempotent', purpose: 'Align elements to an edge or centre', profile: 'standard', timeout: 60_000, maxAttempts: 1, note: 'POST /api/elements/align, retried up to 4 attempts by the server; the canvas has no such route in this snapshot, so expect success:false (not counted by the breaker)' },
  distribute_elements: { safety: 'idempotent', purpose: 'Distribute elements horizontally or vertically', profile: 'standard', timeout: 60_000, maxAttempts: 1, note: 'POST /api/elements/distribute, retried up to 4 attempts by the server; the canvas has no such route in this snapshot, so expect success:false (not counted by the breaker)' },
  lock_elements: { safety: 'idempotent', purpose: 'Set the lock flag on elements', profile: 'standard', timeout: 60_000, maxAttempts: 1, note: 'POST /api/elements/lock, retried up to 4 attempts by the server; the canvas has no such route in this snapshot, so expect success:false (not counted by the breaker)' },
  unlock_elements: { safety: 'idempotent', purpose: 'Clear the lock flag on elements', profile: 'standard', timeout: 60_000, maxAttempts: 1, note: 'POST /api/elements/lock, retried up to 4 attempts by the server; the canvas has no such route in this snapshot, so expect success:false (not counted by the breaker)' },
  get_resource: { safety: 'read', purpose: 'Read a canvas resource: scene, library, theme or elements', profile: 'standard', note: "GET /api/{resource}; only 'elements' has a canvas route in this snapshot: scene, library and theme answer success:false (not counted by the breaker)" },
  health_check: { safety: 'read', purpose: 'Static service status plus canvas-process status', profile: 'minimal', timeout: 45_000, note: 'A good warm-up: the first call may have to build and start the canvas' },
  discover_tools: { safety: 'read', purpose: 'Profile meta-tool listing tools, including ones not loaded', profile: 'minimal' },
} as const satisfies Catalog;

/** The names of Excalidraw-MCP's tools. */
export type ExcalidrawTool = keyof typeof excalidrawCatalog;
