#!/usr/bin/env node
/**
 * `res-testkit-server`: a fault-injecting MCP server on stdio. Only protocol goes to stdout;
 * usage and errors go to stderr.
 */
import { runChild } from './child.js';
import { parseCommandLine, USAGE } from './cli.js';

try {
  const { config, help } = parseCommandLine(process.argv.slice(2));
  if (help) {
    process.stderr.write(`${USAGE}\n`);
  } else {
    await runChild(config);
  }
} catch (error: unknown) {
  process.stderr.write(`res-testkit-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
