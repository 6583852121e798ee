// res-proxy's command line, loaded by bin.ts once the upstream (if known) is spawning.
import { CommanderError } from 'commander';
import { gatewayConfigPath } from './gateway/cli.js';
import { startProxy } from './start.js';

const argv = process.argv.slice(2);
const run =
  argv[0] === 'wrap'
    ? import('./wrap/command.js').then(({ runWrap }) => {
        process.exitCode = runWrap(argv.slice(1), { cwd: process.cwd(), stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
      })
    : gatewayConfigPath(argv) === undefined
      ? startProxy(argv)
      : import('./gateway/start.js').then(({ startGateway }) => startGateway(argv));

run.catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`res-proxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
