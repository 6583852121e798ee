/**
 * @res/excalidraw/testing: Excalidraw-MCP's failure shape (see `shared/servers/excalidraw.json`)
 * as a fault in @res/testkit's fault language, plain data with no dependency: pass it to
 * `fakeServer(excalidrawCatalog, { faults })` or `setFault`.
 *
 * @example
 * import { excalidrawFaults } from '@res/excalidraw/testing';
 * server.setFault('query_elements', excalidrawFaults.successFalse('Canvas server is not available'));
 *
 * @packageDocumentation
 */

/**
 * Excalidraw-MCP's in-band failures: the canvas's and the caller's alike.
 *
 * @example fakeServer(excalidrawCatalog, { faults: { create_element: excalidrawFaults.successFalse('Failed to create element on canvas') } });
 */
export const excalidrawFaults = {
  /**
   * `{ success: false, error }` in a normal result.
   *
   * @example excalidrawFaults.successFalse('Failed to sync to canvas: Canvas server is not available');
   */
  successFalse: (error: string) => ({ type: 'in-band', body: { success: false, error } }) as const,
} as const;
