#!/usr/bin/env node
import { CommanderError } from 'commander';
import { startProxy } from './start.js';

const argv = process.argv.slice(2);
const run =
  argv[0] === 'wrap'
    ? import('./wrap/command.js').then(({ runWrap }) => {
        process.exitCode = runWrap(argv.slice(1), { cwd: process.cwd(), stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
      })
    : startProxy(argv);

run.catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`res-proxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
