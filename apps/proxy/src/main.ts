// res-proxy's command line, loaded by bin.ts once the upstream (if known) is spawning.
import { CommanderError } from 'commander';
import { startProxy } from './start.js';

const argv = process.argv.slice(2);
/** The gateway's modules load only when a `--config` could name a gateway file. */
const end = argv.indexOf('--');
const mayBeGateway = argv[0] !== 'wrap' && (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--config' || arg.startsWith('--config='));
const gatewayFile = mayBeGateway ? (await import('./gateway/cli.js')).gatewayConfigPath(argv) : undefined;
const run =
  argv[0] === 'wrap'
    ? import('./wrap/command.js').then(({ runWrap }) => {
        process.exitCode = runWrap(argv.slice(1), { cwd: process.cwd(), stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
      })
    : gatewayFile === undefined
      ? startProxy(argv)
      : import('./gateway/start.js').then(({ startGateway }) => startGateway(argv));

run.catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`res-proxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
