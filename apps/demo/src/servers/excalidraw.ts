/** Excalidraw-MCP: a diagram canvas; every failure arrives in-band as `{ success: false, error }`. */
import { excalidrawAdapter } from '@res/excalidraw';
import { excalidrawFaults } from '@res/excalidraw/testing';
import { defineDemoServer } from './types.js';

const ELEMENTS = [
  { id: '3f1c9a2e-7b4d-4e8a-9c1f-0a2b3c4d5e6f', type: 'rectangle', x: 120, y: 80, width: 240, height: 120, strokeColor: '#1e1e1e', backgroundColor: '#a5d8ff', text: 'API gateway' },
  { id: '8d2e4f6a-1b3c-4d5e-8f9a-b1c2d3e4f5a6', type: 'ellipse', x: 460, y: 90, width: 180, height: 100, strokeColor: '#1e1e1e', backgroundColor: '#b2f2bb', text: 'MCP server' },
  { id: 'c4b3a2d1-e5f6-4a7b-8c9d-0e1f2a3b4c5d', type: 'arrow', x: 360, y: 140, width: 100, height: 0, points: [[0, 0], [100, 0]], endArrowhead: 'arrow' },
];
const IDS = ELEMENTS.map((element) => element.id);
const COLOURS = ['#ffc9c9', '#a5d8ff', '#b2f2bb', '#ffec99'];

export const excalidraw = defineDemoServer({
  adapter: excalidrawAdapter,
  title: 'Excalidraw-MCP',
  latencyMs: 15,
  results: {
    query_elements: { success: true, elements: ELEMENTS, count: ELEMENTS.length },
    get_resource: { success: true, resource_type: 'elements', data: ELEMENTS },
    health_check: { status: 'healthy', service: 'excalidraw-mcp', version: '0.38.0', canvas: { running: true, url: 'http://localhost:3031', elements: ELEMENTS.length } },
    update_element: { success: true, element: { ...ELEMENTS[0], backgroundColor: '#ffc9c9', version: 7 }, message: 'Element updated successfully' },
    create_element: {
      success: true,
      element: { id: '5f0c1e9a-2b7d-4c3e-9a8f-7e6d5c4b3a21', type: 'rectangle', x: 700, y: 80, width: 200, height: 100, version: 1 },
      message: 'Element created successfully',
    },
  },
  workload: [
    { tool: 'query_elements', weight: 4, args: (rng) => ({ request: rng.chance(0.5) ? {} : { type: 'rectangle' } }) },
    { tool: 'get_resource', weight: 2, args: () => ({ resource_type: 'elements' as const }) },
    { tool: 'health_check', weight: 1, args: () => ({}) },
    { tool: 'update_element', weight: 2, args: (rng) => ({ request: { id: rng.pick(IDS), backgroundColor: rng.pick(COLOURS) } }) },
    {
      tool: 'create_element',
      weight: 2,
      args: (rng) => ({ request: { type: rng.pick(['rectangle', 'ellipse', 'diamond'] as const), x: rng.int(0, 900), y: rng.int(0, 600), width: 160, height: 80, text: 'Retry budget' } }),
    },
  ],
  cached: ['query_elements'],
  timeline: [
    { at: 0.12, label: 'slow canvas (700 ms)', faults: { '*': { type: 'slow', ms: 700 } } },
    { at: 0.22, label: 'canvas down: success:false', faults: { '*': excalidrawFaults.successFalse('Failed to sync to canvas: Canvas server is not available') } },
    { at: 0.46, label: 'calm', faults: {} },
  ],
});
