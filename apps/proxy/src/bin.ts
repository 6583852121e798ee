#!/usr/bin/env node
import { CommanderError } from 'commander';
import { startProxy } from './start.js';

startProxy(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`res-proxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
