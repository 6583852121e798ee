#!/usr/bin/env node
// Kept tiny: the upstream starts before the proxy's own modules load (see early-spawn.ts).
import { existsSync } from 'node:fs';
import { spawnEarly } from './early-spawn.js';

spawnEarly(process.argv.slice(2));
// The command's modules, bundled into one file and a few chunks (scripts/bundle.mjs): one file to
// read and compile instead of ~200. A build without the bundle step (tsc alone) runs the separate modules.
const bundled = new URL('./cli/main.js', import.meta.url);
await import(existsSync(bundled) ? bundled.href : './main.js');
