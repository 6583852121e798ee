#!/usr/bin/env node
// Kept tiny: the upstream starts before the proxy's own modules load (see early-spawn.ts).
import { spawnEarly } from './early-spawn.js';

spawnEarly(process.argv.slice(2));
await import('./main.js');
