#!/usr/bin/env node
// Kept tiny: the upstream starts before the proxy's own modules load (see early-spawn.ts).
import { spawnEarly } from './early-spawn.js';

spawnEarly(process.argv.slice(2));
// The command's modules, bundled into one file and a few chunks (scripts/bundle.mjs): one file
// to read and compile instead of ~200. The path is not a literal: it exists only after the build.
const command = './cli/main.js';
await import(command);
