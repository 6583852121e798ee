/** An Excalidraw element as the server's element factory reads it (unknown fields are passed to the canvas). */
export interface ExcalidrawElementInput {
  type?: 'rectangle' | 'ellipse' | 'diamond' | 'text' | 'line' | 'arrow' | 'draw' | 'image' | 'frame' | 'embeddable' | 'magicframe';
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  text?: string;
  fontSize?: number;
  fontFamily?: string;
  textAlign?: string;
  verticalAlign?: string;
  strokeColor?: string;
  backgroundColor?: string;
  strokeWidth?: number;
  opacity?: number;
  roughness?: number;
  locked?: boolean;
  points?: number[][];
  startArrowhead?: string | null;
  endArrowhead?: string | null;
  [property: string]: unknown;
}

/** Arguments of Excalidraw-MCP's tools (the server wraps most in a `request` object). */
export interface ExcalidrawToolArgs {
  create_element: { request: ExcalidrawElementInput };
  batch_create_elements: { request: { elements: ExcalidrawElementInput[] } };
  update_element: { request: ExcalidrawElementInput & { id: string } };
  delete_element: { element_id: string };
  query_elements: { request: Record<string, unknown> };
  group_elements: { element_ids: string[] };
  ungroup_elements: { group_id: string };
  align_elements: { request: { elementIds: string[]; alignment: 'left' | 'center' | 'right' | 'top' | 'middle' | 'bottom' } };
  distribute_elements: { request: { elementIds: string[]; direction: 'horizontal' | 'vertical' } };
  lock_elements: { element_ids: string[] };
  unlock_elements: { element_ids: string[] };
  get_resource: { resource_type: 'scene' | 'library' | 'theme' | 'elements' };
  health_check: Record<string, never>;
}
