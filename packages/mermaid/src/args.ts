/** Arguments of Mermaid-MCP's tool (its zod schema, v0.4.1). */
export interface MermaidToolArgs {
  generate_mermaid_diagram: {
    /** The diagram in Mermaid syntax, e.g. `graph TD; A-->B`. Must not be empty. */
    mermaid: string;
    /** ['default'] */
    theme?: 'default' | 'base' | 'forest' | 'dark' | 'neutral';
    /** Any CSS colour. ['white'] */
    backgroundColor?: string;
    /**
     * `'base64'`: a PNG image content; `'svg'`: the SVG text; `'mermaid'`: the source back;
     * `'file'`: a PNG written in the server's working directory; `'svg_url'`/`'png_url'`: a mermaid.ink link. ['base64']
     */
    outputType?: 'base64' | 'svg' | 'mermaid' | 'file' | 'svg_url' | 'png_url';
  };
}
