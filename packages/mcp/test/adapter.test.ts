import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryServer, inBand, stdioServer, type InMemoryServerHandle } from '@res/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineAdapter, isRecord, McpCallError, presets, resultBody, type AdapterOptions, type Catalog, type ConnectOptions, type EnvSource, type Preset } from '../src/index.js';

const catalog = {
  read_item: { safety: 'read', purpose: 'Reads an item.' },
  send_item: { safety: 'unsafe', purpose: 'Sends an item.' },
  archive_item: { safety: 'idempotent', purpose: 'Archives an item (full profile only).', profile: 'full' },
} satisfies Catalog;

const base: Preset = { ...presets.local, baseDelay: 1, maxDelay: 2, jitter: 'none' };
const fast: Preset = { ...base, timeout: 2_000, maxAttempts: 1 };
const env = { RES_DEMO_KEY: 'sk-live-ADAPTER-SECRET', RES_DEMO_DOMAIN: 'mg.example.com' };

/** An adapter as a package would define it; `launch` defaults to an in-memory server. */
function demoAdapter(launch: ConnectOptions | ((env: EnvSource) => ConnectOptions) = () => memory.transport()) {
  return defineAdapter<typeof catalog, { read_item: { id: string } }, 'fast'>({
    name: 'demo',
    packageName: '@acme/demo',
    launch,
    tools: catalog,
    presets: { default: base, fast },
    classifyResult: (result) => {
      const body = resultBody(result);
      return isRecord(body) && body.success === false ? { kind: 'failure', message: String(body.error) } : undefined;
    },
    env: { required: ['RES_DEMO_KEY', 'RES_DEMO_DOMAIN'], passthrough: ['RES_DEMO_REGION'] },
    profileEnv: 'RES_DEMO_PROFILE',
  });
}

let memory: InMemoryServerHandle;
const open: { close(): Promise<void> }[] = [];
function track<T extends { close(): Promise<void> }>(client: T): T {
  open.push(client);
  return client;
}

beforeAll(() => {
  memory = createInMemoryServer();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(open.splice(0).map((client) => client.close()));
});
afterAll(() => memory.close());

describe('credentials are checked before anything starts', () => {
  it('one TypeError names every missing or empty required variable, never a value', () => {
    let launched = 0;
    const adapter = demoAdapter((_env) => {
      launched++;
      return () => memory.transport();
    });
    const cases: [EnvSource, string][] = [
      [{}, 'variables RES_DEMO_KEY, RES_DEMO_DOMAIN (set them'],
      [{ RES_DEMO_KEY: '', RES_DEMO_DOMAIN: '  ', RES_DEMO_REGION: 'eu-west-SECRET' }, 'variables RES_DEMO_KEY, RES_DEMO_DOMAIN (set them'],
      [{ RES_DEMO_KEY: env.RES_DEMO_KEY, RES_DEMO_DOMAIN: undefined }, 'variable RES_DEMO_DOMAIN (set it'],
    ];
    for (const [source, named] of cases) {
      expect(() => adapter.create({ env: source })).toThrow(
        new TypeError(`@acme/demo: missing required environment ${named} in process.env or pass { env: { … } })`),
      );
      try {
        adapter.create({ env: source });
      } catch (error: unknown) {
        expect(String(error) + JSON.stringify(error)).not.toMatch(/SECRET|mg\.example/);
      }
    }
    expect(launched).toBe(0);
  });

  it('`env` replaces process.env as the source', () => {
    vi.stubEnv('RES_DEMO_KEY', 'from-process');
    vi.stubEnv('RES_DEMO_DOMAIN', 'from-process');
    const seen: EnvSource[] = [];
    const adapter = demoAdapter((source) => {
      seen.push(source);
      return () => memory.transport();
    });
    track(adapter.create());
    expect(seen[0]).toBe(process.env);
    expect(() => adapter.create({ env: {} })).toThrow(/variables RES_DEMO_KEY, RES_DEMO_DOMAIN/);
    vi.unstubAllEnvs();
    const own = { ...env };
    track(adapter.create({ env: own }));
    expect(seen[1]).toBe(own);
  });
});

describe('the stdio child gets required and passthrough variables', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'res-adapter-test-'));
    // The child answers read_item with the variables it sees.
    const names = ['RES_DEMO_KEY', 'RES_DEMO_DOMAIN', 'RES_DEMO_REGION', 'RES_DEMO_OWN', 'RES_DEMO_OTHER'];
    writeFileSync(
      join(dir, 'respond.mjs'),
      `export const respond = { read_item: () => ({ env: Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n] ?? null])) }) };\n`,
    );
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function childEnv(options: (launch: { command: string; args: string[] }) => AdapterOptions<'fast'>): Promise<unknown> {
    const server = stdioServer({ respondModule: join(dir, 'respond.mjs') });
    try {
      const launch = { ...server.connect, stderr: 'ignore' } as const;
      const client = track(demoAdapter((_env) => launch).create(options(launch)));
      const result = await client.call('read_item', { id: '1' });
      await client.close();
      expect(server.alivePids()).toEqual([]);
      return result.structuredContent;
    } finally {
      await server.dispose();
    }
  }

  it('from `env` (not process.env) into the launch the adapter documents', async () => {
    vi.stubEnv('RES_DEMO_REGION', 'from-process');
    vi.stubEnv('RES_DEMO_OTHER', 'not-listed');
    const seen = await childEnv(() => ({ env: { ...env, RES_DEMO_REGION: 'eu' } }));
    expect(seen).toEqual({ env: { ...env, RES_DEMO_REGION: 'eu', RES_DEMO_OWN: null, RES_DEMO_OTHER: null } });
  });

  it("into the user's own connect, whose env entries win", async () => {
    const seen = await childEnv((launch) => ({
      env: { ...env, RES_DEMO_REGION: 'eu' },
      connect: { ...launch, stderr: 'ignore', env: { RES_DEMO_DOMAIN: 'user-domain', RES_DEMO_OWN: 'mine' } },
    }));
    expect(seen).toEqual({ env: { RES_DEMO_KEY: env.RES_DEMO_KEY, RES_DEMO_DOMAIN: 'user-domain', RES_DEMO_REGION: 'eu', RES_DEMO_OWN: 'mine', RES_DEMO_OTHER: null } });
  });
});

describe('launch', () => {
  it('a function of the environment chooses the connection', async () => {
    const other = createInMemoryServer();
    const adapter = demoAdapter((source) => (source.RES_DEMO_REGION === 'other' ? () => other.transport() : () => memory.transport()));
    const before = memory.calls('read_item');
    const client = track(adapter.create({ env: { ...env, RES_DEMO_REGION: 'other' } }));
    await client.call('read_item', { id: '1' });
    expect(other.calls('read_item')).toBe(1);
    expect(memory.calls('read_item')).toBe(before);
    await client.close();
    await other.close();
  });
});

describe('presets', () => {
  const policyOf = (preset?: AdapterOptions<'fast'>['preset'], policy?: AdapterOptions<'fast'>['policy']) =>
    track(demoAdapter().create({ env, ...(preset === undefined ? {} : { preset }), ...(policy === undefined ? {} : { policy }) })).client.policy;

  it("resolve the adapter's names, then core's names", () => {
    expect(policyOf()).toEqual(base);
    expect(policyOf('default')).toEqual(base);
    expect(policyOf('fast')).toEqual(fast);
    expect(policyOf('workflow')).toEqual(presets.workflow);
    expect(policyOf('fail-fast')).toEqual(presets['fail-fast']);
  });

  it("merge a preset object onto the adapter's default, and policy on top", () => {
    expect(policyOf({ timeout: 1_234 })).toEqual({ ...base, timeout: 1_234 });
    expect(policyOf('fast', { maxAttempts: 4 })).toEqual({ ...fast, maxAttempts: 4 });
  });

  it('reject an unknown name, listing the choices', () => {
    expect(() => demoAdapter().create({ env, preset: 'turbo' as 'fast' })).toThrow(
      new TypeError("@acme/demo: preset must be one of 'default', 'fast', 'external-api', 'local', 'workflow', 'critical', 'fail-fast' or a preset object, got \"turbo\""),
    );
  });

  it('require a default', () => {
    expect(() => defineAdapter({ name: 'x', packageName: '@acme/x', launch: { url: 'http://127.0.0.1:1/mcp' }, tools: {}, presets: {} as { default: Preset } })).toThrow(
      /presets\.default is required/,
    );
  });
});

describe('calls', () => {
  it('call() refuses a name outside the catalog without connecting; callTool() is the escape hatch', async () => {
    let connections = 0;
    const server = createInMemoryServer();
    const client = track(
      demoAdapter(() => {
        connections++;
        return server.transport();
      }).create({ env }),
    );
    const refused = client.call('upsert_item' as 'read_item', { id: '1' });
    await expect(refused).rejects.toBeInstanceOf(McpCallError);
    await expect(refused).rejects.toMatchObject({
      kind: 'caller', sent: false, counted: false, tool: 'upsert_item',
      message: `demo: "upsert_item" is not a tool of @acme/demo's catalog; use callTool() for tools outside it`,
    });
    expect(connections).toBe(0);
    expect(client.health()).toMatchObject({ calls: 0, failures: 0 });
    await client.callTool('upsert_item', { id: '1' });
    expect(server.calls('upsert_item')).toBe(1);
    await client.close();
    await server.close();
  });

  it('a catalog tool the live server lacks fails naming the tool and the profile variable, without a request', async () => {
    const server = createInMemoryServer();
    const client = track(demoAdapter(() => server.transport()).create({ env }));
    for (let i = 0; i < 3; i++) {
      await expect(client.call('archive_item', { id: '1' })).rejects.toMatchObject({
        kind: 'caller', sent: false, counted: false,
        message: 'demo: tool "archive_item" is in the catalog but the server does not offer it (its tool set depends on RES_DEMO_PROFILE); no request was sent',
      });
    }
    expect(server.calls()).toBe(0);
    expect(client.health()).toMatchObject({ state: 'closed', failures: 0, retries: 0, calls: 3 });
    await client.close();
    await server.close();
  });

  it("the adapter's classifier and catalog safety apply: an unsafe in-band failure is not re-sent", async () => {
    const server = createInMemoryServer({ faults: { send_item: inBand.successFalse('upstream down'), read_item: { type: 'fail-first', count: 1, fault: inBand.successFalse('blip') } } });
    const client = track(demoAdapter(() => server.transport()).create({ env, policy: { maxAttempts: 3 } }));
    await expect(client.call('send_item', { id: '1' })).rejects.toMatchObject({ kind: 'tool', sent: true, message: 'demo send_item: upstream down' });
    expect(server.calls('send_item')).toBe(1);
    const read = await client.call('read_item', { id: '1' });
    expect(read.structuredContent).toMatchObject({ ok: true, call: 2 });
    await client.close();
    await server.close();
  });
});
