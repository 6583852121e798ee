/**
 * Command-line flags of `res-testkit-server`.
 */
import { parseArgs } from 'node:util';
import { type ChildConfig, readChildConfig } from './config.js';
import { parseFaultSyntax } from './fault-syntax.js';
import type { ToolSpec } from './tools.js';

/**
 * Usage text, printed by `--help` (to stderr: stdout carries only the protocol).
 *
 * @example process.stderr.write(USAGE);
 */
export const USAGE = `Usage: res-testkit-server [--config file.json] [options]

An MCP server on stdio with injectable faults.

  --config <file>          JSON: { name?, tools?, faults?, plan?, ledger?, respondModule? }
  --tool <name[:hint]>     serve a tool; hint: read | idempotent | unsafe (repeatable)
  --fault <tool=fault>     e.g. read_item=fail, '*'=slow:500, send_item=fail-first:3:crash,
                           x=rpc-error:-32603, x=random:0.3:42:hang, x='{"type":"hang"}' (repeatable)
  --ledger <file>          append one JSON line per event (start, call, abort, exit)
  --plan <file>            re-read faults from this plan file on every call
  --name <name>            server name (default res-testkit)
  --help                   this text

Without --tool or config tools, serves read_item, upsert_item, send_item, slow_read, progress.`;

const HINTS: Record<string, ToolSpec['annotations']> = {
  read: { readOnlyHint: true },
  idempotent: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  unsafe: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
};

/**
 * A `--tool name[:read|idempotent|unsafe]` flag as a tool spec.
 *
 * @example parseToolFlag('get_domains:read'); // { name: 'get_domains', annotations: { readOnlyHint: true } }
 */
export function parseToolFlag(flag: string): ToolSpec {
  const [name = '', hint] = flag.split(':');
  if (name === '') throw new TypeError(`--tool '${flag}': a name is required`);
  if (hint === undefined) return { name };
  const annotations = HINTS[hint];
  if (annotations === undefined) throw new TypeError(`--tool '${flag}': hint must be read, idempotent or unsafe`);
  return { name, annotations };
}

/**
 * The child's config from its arguments: the `--config` file first, then flags on top
 * (`--tool`s are added to the file's tools, `--fault`s replace the file's fault for that tool).
 *
 * @example const { config } = parseCommandLine(['--tool', 'a:read', '--fault', 'a=hang']);
 */
export function parseCommandLine(argv: readonly string[]): { config: ChildConfig; help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      config: { type: 'string' },
      tool: { type: 'string', multiple: true },
      fault: { type: 'string', multiple: true },
      ledger: { type: 'string' },
      plan: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const config: ChildConfig = values.config === undefined ? {} : readChildConfig(values.config);
  const flagTools = (values.tool ?? []).map(parseToolFlag);
  if (flagTools.length > 0) config.tools = [...(config.tools ?? []), ...flagTools];
  for (const flag of values.fault ?? []) {
    const at = flag.indexOf('=');
    if (at <= 0) throw new TypeError(`--fault '${flag}': expected tool=fault`);
    config.faults = { ...config.faults, [flag.slice(0, at)]: parseFaultSyntax(flag.slice(at + 1)) };
  }
  if (values.ledger !== undefined) config.ledger = values.ledger;
  if (values.plan !== undefined) config.plan = values.plan;
  if (values.name !== undefined) config.name = values.name;
  return { config, help: values.help === true };
}
