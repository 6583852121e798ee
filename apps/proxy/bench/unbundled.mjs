// res-proxy as dist/bin.js starts it, but on tsc's separate modules (dist/main.js) instead of the
// bundle in dist/cli/: for profiles that tell the packages apart by file (bench/profile.mjs).
import process from 'node:process';
import { spawnEarly } from '../dist/early-spawn.js';

spawnEarly(process.argv.slice(2));
await import('../dist/main.js');
