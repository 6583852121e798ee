import { describe, expect, it } from 'vitest';
import { createInMemoryServer } from '../src/in-memory.js';
import { defaultTools, type ToolSpec } from '../src/tools.js';
import { bodyOf, connect, rejectionOf , useInMemoryServer } from './helpers.js';

const rig = useInMemoryServer();

describe('tools', () => {
  it('lists every tool with its schema and annotations exactly as given', async () => {
    const { tools } = await rig.client.listTools();
    expect(tools).toEqual(defaultTools.map(({ name, description, inputSchema, annotations }) => ({ name, description, inputSchema, ...(annotations && { annotations }) })));
    expect(tools.find((tool) => tool.name === 'send_item')).not.toHaveProperty('annotations');
  });

  it('lists custom specs verbatim, odd schema keywords included', async () => {
    const spec: ToolSpec = {
      name: 'odd',
      title: 'Odd',
      inputSchema: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, additionalProperties: false, $defs: { x: {} } },
      annotations: { title: 'Odd tool', destructiveHint: false, openWorldHint: true },
    };
    const custom = createInMemoryServer({ tools: [spec] });
    const other = await connect(custom.transport());
    expect((await other.listTools()).tools).toEqual([
      { name: 'odd', title: 'Odd', inputSchema: spec.inputSchema, annotations: spec.annotations },
    ]);
    await other.close();
    await custom.close();
  });

  it('answers with the arguments it received and its call number', async () => {
    expect(bodyOf(await rig.call('read_item', { id: 'a', extra: [1, 2] }))).toEqual({ ok: true, tool: 'read_item', call: 1, args: { id: 'a', extra: [1, 2] } });
    const second = await rig.call('read_item');
    expect(bodyOf(second)).toMatchObject({ call: 2 });
    expect(second.structuredContent).toMatchObject({ ok: true, call: 2 });
    expect(second.isError).toBeUndefined();
  });

  it('answers an unknown tool as McpServer does, without counting a call', async () => {
    const result = await rig.call('nope');
    expect(result).toEqual({ content: [{ type: 'text', text: 'MCP error -32602: Tool nope not found' }], isError: true });
    expect(rig.server.calls()).toBe(0);
  });

  it('uses a spec result or a responder', async () => {
    const custom = createInMemoryServer({
      tools: [{ name: 'fixed', result: { items: [] } }, { name: 'computed' }, { name: 'whole' }],
      respond: {
        computed: (args, { call: n }) => ({ id: args.id, n }),
        whole: () => ({ content: [{ type: 'text', text: 'raw' }] }),
      },
    });
    const other = await connect(custom.transport());
    const callOther = (name: string) => other.callTool({ name, arguments: { id: 'q' } });
    expect(bodyOf(await callOther('fixed'))).toEqual({ items: [] });
    expect(bodyOf(await callOther('computed'))).toEqual({ id: 'q', n: 1 });
    expect(await callOther('whole')).toEqual({ content: [{ type: 'text', text: 'raw' }] });
    expect(() => createInMemoryServer({ tools: [{ name: 'a' }], respond: { b: () => 1 } })).toThrow(/respond\.b/);
    await other.close();
    await custom.close();
  });

  it('serves a resource and a prompt', async () => {
    const { resources } = await rig.client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(['testkit://status']);
    await rig.call('read_item');
    const read = await rig.client.readResource({ uri: 'testkit://status' });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ server: 'res-testkit', calls: 1 });
    const { prompts } = await rig.client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(['summarize']);
    const prompt = await rig.client.getPrompt({ name: 'summarize', arguments: { topic: 'faults' } });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Summarize faults.' });
  });

  it('sends progress notifications when the caller gives a progressToken', async () => {
    const progress: number[] = [];
    const result = await rig.client.callTool({ name: 'progress', arguments: { steps: 4, intervalMs: 1 } }, undefined, {
      onprogress: ({ progress: step, total }) => {
        progress.push(step);
        expect(total).toBe(4);
      },
    });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(bodyOf(result)).toMatchObject({ tool: 'progress' });
    await rig.call('progress', {}); // no token: no notification, still an answer
    expect(progress).toHaveLength(4);
  });
});

describe('instances', () => {
  it('each transport() is a fresh server; all share the plan and the ledger', async () => {
    const second = await connect(rig.server.transport());
    rig.server.setFault('read_item', { type: 'is-error' });
    expect((await second.callTool({ name: 'read_item', arguments: {} })).isError).toBe(true);
    expect((await rig.call('read_item')).isError).toBe(true);
    expect(rig.server.calls('read_item')).toBe(2);
    await second.close();
  });

  it('close() closes every live connection and a hanging call ends', async () => {
    rig.server.setFault('read_item', { type: 'hang' });
    const pending = rejectionOf(rig.call('read_item'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await rig.server.close();
    expect(await pending).toMatchObject({ code: -32000 });
    expect(rig.server.aborts('read_item')).toBe(1); // the closing transport aborted the handler
    expect(() => rig.server.transport()).toThrow(/closed/);
  });
});
