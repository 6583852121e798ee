#!/usr/bin/env node
/**
 * The conformance target on stdio: `node dist/conformance/stdio.js` (or the `res-conformance-target` bin).
 */
import process from 'node:process';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createConformanceServer } from './server.js';

// The client went away (its end of the pipe closed): nothing left to answer.
process.stdout.on('error', () => process.exit(0));
await createConformanceServer().connect(new StdioServerTransport());
