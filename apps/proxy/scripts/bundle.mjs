// Bundles the res-proxy command (dist/main.js and everything it loads, the MCP SDK, zod and
// commander included) into dist/cli/, after `tsc`. Node 20 has no compile cache: loading the
// ~200 modules one by one took ~170 ms at every start, the bundle loads in ~65 ms (BENCHMARKS.md).
// What the command loads only for some flags (--listen, --server, --metrics-port, the gateway,
// wrap) stays in chunks of its own, loaded as before when a flag asks for them.
// The library entry (dist/index.js) is not bundled: `import '@res/proxy'` resolves its
// dependencies as any package does.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
rmSync(`${dist}cli`, { recursive: true, force: true });
await build({
  entryPoints: [`${dist}main.js`],
  outdir: `${dist}cli`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  // CommonJS dependencies (commander, cross-spawn, ajv) call require() for node's built-ins.
  banner: { js: "import { createRequire as __resCreateRequire } from 'node:module'; const require = __resCreateRequire(import.meta.url);" },
  plugins: [
    {
      // bin.js loaded early-spawn.js before the bundle and holds the child it spawned: the bundle
      // must use that same module, not a copy of its own.
      name: 'early-spawn-outside',
      setup(builder) {
        builder.onResolve({ filter: /\/early-spawn\.js$/ }, () => ({ path: '../early-spawn.js', external: true }));
      },
    },
  ],
});
