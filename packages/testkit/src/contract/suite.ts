/**
 * The contract every adapter keeps, run by each adapter's test with its own fixtures: what a
 * missing credential says, its presets, its breaker, its refusal of tools the live server
 * does not offer, and its catalog against the server's fact sheet.
 */
import { describe, expect, it } from 'vitest';
import type { Fault } from '../faults.js';
import { fakeServer } from '../fake-server.js';
import { catalogDrift, readFactSheet } from './fact-sheet.js';
import { adapterRig, type AdapterFixture, type AdapterRig, type ContractClient, type RigFake } from './rig.js';

/** An error class the contract checks failures against. @inline */
type ErrorClass = abstract new (...args: never[]) => unknown;
/** Tool arguments. @inline */
type Args = Readonly<Record<string, unknown>>;

/**
 * One adapter's fixtures for {@link adapterContract}: the expected values, written out.
 *
 * @example const contract: AdapterContract<MailgunClient> = { adapter: mailgunAdapter, presets: { names: ['default', 'interactive'], default: { timeout: 20_000 } }, … };
 */
export interface AdapterContract<Client extends ContractClient> extends AdapterFixture<Client> {
  /** What missing and blank credentials say; left out when the adapter needs none. */
  credentials?: { missing: string; blank: Readonly<Record<string, string>>; blankError: RegExp };
  /** The server's default URL: the variable that sets its port, and a tool to call there. */
  defaultUrl?: { env: (port: string) => Record<string, string>; tool: string };
  presets: {
    names: readonly string[];
    /** The default preset's documented numbers (a subset of the client's policy). */
    default: Args;
    /** `false`: the default sets no rate limit. */
    rateLimit?: false;
  };
  /** A failing tool that opens the breaker, then a probe that is rejected without sending. */
  breaker: {
    tool: string;
    args: (call: number) => Args;
    fault: Fault;
    threshold: number;
    /** Requests the server saw for the failing calls (retries included). */
    sent: number;
    /** What each failing call rejects with: an error class, or an object it matches. */
    failure: ErrorClass | Args;
    /** The open breaker's error class (`BrokenCircuitError`). */
    open: ErrorClass;
    probe: { tool: string; args: Args };
  };
  /** Live servers without some catalog tools: they are refused, naming what the tool set depends on. */
  absent: readonly {
    fake: RigFake;
    refused: readonly { tool: string; args: Args }[];
    /** The text after "(its tool set depends on "; left out where the server's tool set is fixed. */
    dependsOn?: string;
    /** A tool the server does offer, which still works. */
    offered?: { tool: string; args: Args };
  }[];
}

/**
 * Registers the adapter contract's tests for one adapter and returns its rig for the
 * adapter's own tests.
 *
 * @example const rig = adapterContract({ adapter: mailgunAdapter, env, credentials: { … }, presets: { … }, breaker: { … }, absent: [ … ] });
 */
export function adapterContract<Client extends ContractClient>(contract: AdapterContract<Client>): AdapterRig<Client> {
  const rig = adapterRig(contract);
  const { adapter } = contract;
  const name = adapter.definition.name;

  describe('credentials', () => {
    const { credentials, defaultUrl } = contract;
    if (credentials !== undefined) {
      it('names every missing variable before anything starts', () => {
        expect(() => adapter.create({ env: {} })).toThrow(new TypeError(credentials.missing));
        expect(() => adapter.create({ env: credentials.blank })).toThrow(credentials.blankError);
      });
    }
    it('builds without starting anything', () => {
      const client = rig.build();
      expect(client.client.name).toBe(name);
      expect(client.client.connected).toBe(false);
      expect(client.health()).toMatchObject({ calls: 0 });
    });
    if (defaultUrl !== undefined) {
      it(`reaches 127.0.0.1 at /mcp on the port its variable gives`, async () => {
        const http = await fakeServer(adapter.catalog, { name }).http({ port: 0 });
        const client = adapter.create({ env: { ...contract.env, ...defaultUrl.env(new URL(http.url).port) } });
        try {
          await client.callTool(defaultUrl.tool, {});
          expect(http.calls(defaultUrl.tool)).toBe(1);
        } finally {
          await client.close();
          await http.close();
        }
      }, 15_000); // a real HTTP server on 127.0.0.1: slower on a loaded machine
    }
  });

  describe('presets', () => {
    const { presets } = contract;
    it('default is the documented numbers', () => {
      const { policy } = rig.build().client;
      expect(policy).toMatchObject(presets.default);
      if (presets.rateLimit === false) expect(Reflect.get(policy, 'rateLimit')).toBeUndefined();
      expect(Object.keys(adapter.presets)).toEqual(presets.names);
    });
    it('rejects an unknown preset naming the choices', () => {
      const choices = [...presets.names, 'external-api'].map((preset) => `'${preset}'`).join(', ');
      expect(() => adapter.create({ env: contract.env ?? {}, preset: 'nope' })).toThrow(`preset must be one of ${choices}`);
    });
  });

  describe('breaker', () => {
    const { breaker } = contract;
    it(`opens after ${breaker.threshold} failed calls and then rejects without sending`, async () => {
      const { server, client } = rig.connect({ faults: { [breaker.tool]: breaker.fault } });
      for (let call = 0; call < breaker.threshold; call++) {
        const failed = client.callTool(breaker.tool, { ...breaker.args(call) });
        if (typeof breaker.failure === 'function') await expect(failed).rejects.toBeInstanceOf(breaker.failure);
        else await expect(failed).rejects.toMatchObject(breaker.failure);
      }
      expect(server.calls(breaker.tool)).toBe(breaker.sent);
      await expect(client.callTool(breaker.probe.tool, { ...breaker.probe.args })).rejects.toBeInstanceOf(breaker.open);
      expect(server.calls(breaker.probe.tool)).toBe(breaker.probe.tool === breaker.tool ? breaker.sent : 0);
      expect(client.health()).toMatchObject({ state: 'open', rejections: 1 });
    });
  });

  describe('tools the live server does not offer', () => {
    for (const absent of contract.absent) {
      const tools = absent.refused.map((refused) => refused.tool).join(', ');
      it(`refuses ${tools}${absent.dependsOn === undefined ? '' : `, naming ${absent.dependsOn}`}, without sending`, async () => {
        const { server, client } = rig.connect(absent.fake);
        for (const { tool, args } of absent.refused) {
          const because = absent.dependsOn === undefined ? '' : ` (its tool set depends on ${absent.dependsOn}`;
          await expect(client.callTool(tool, { ...args })).rejects.toMatchObject({
            kind: 'caller',
            message: expect.stringContaining(`"${tool}" is in the catalog but the server does not offer it${because}`) as unknown,
          });
        }
        expect(server.calls()).toBe(0);
        if (absent.offered !== undefined) {
          const result = await client.callTool(absent.offered.tool, { ...absent.offered.args });
          expect(result).toMatchObject({ content: expect.any(Array) as unknown });
          expect((result as { isError?: unknown }).isError).toBeUndefined();
        }
      });
    }
  });

  describe('catalog', () => {
    it("agrees with the server's fact sheet: tool names, safety, profiles", () => {
      expect(catalogDrift(adapter.catalog, readFactSheet(name))).toEqual([]);
    });
  });

  return rig;
}
