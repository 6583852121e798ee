#!/usr/bin/env node
// `pnpm res-proxy …` from a checkout, before @res/proxy is on npm: builds the proxy and what it
// depends on (turbo, cached; its output only on failure, to stderr: stdout is the MCP channel), then runs
// apps/proxy/dist/bin.js with the arguments. From an MCP host, use the built file directly:
// "command": "node", "args": ["/absolute/path/to/res/apps/proxy/dist/bin.js", …].
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const turbo = join(root, 'node_modules', '.bin', 'turbo');
const build = spawnSync(turbo, ['run', 'build', '--filter=@res/proxy...', '--output-logs=errors-only'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  console.error(`res-proxy: building @res/proxy failed (${build.error?.message ?? `exit ${build.status ?? build.signal}`}); run \`pnpm install\` first`);
  process.exit(1);
}
// pnpm passes a leading `--` through: `pnpm res-proxy -- --help` means `--help`, while in
// `pnpm res-proxy -- npx -y mcp-mermaid` the `--` is the proxy's own (before the upstream command).
const args = process.argv.slice(2);
if (args[0] === '--' && args[1]?.startsWith('-')) args.shift();
const proxy = spawnSync(process.execPath, [join(root, 'apps', 'proxy', 'dist', 'bin.js'), ...args], { stdio: 'inherit' });
process.exit(proxy.status ?? 1);
