#!/usr/bin/env node
/**
 * The conformance target on stdio: `node dist/conformance/stdio.js` (or the `res-conformance-target` bin).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createConformanceServer } from './server.js';

await createConformanceServer().connect(new StdioServerTransport());
