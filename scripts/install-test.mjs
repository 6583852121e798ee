#!/usr/bin/env node
/* global console, process */
// Installs @res/core, @res/mcp and @res/mailgun as a user of a checkout would, with the README's
// own commands: the blocks marked <!-- readme: run by scripts/install-test.mjs --> (README.md,
// "From a checkout": `pnpm --filter-prod "@res/mailgun..." pack` into the project, then `npm install`
// of the tarballs; pnpm pack rewrites `workspace:` versions), run verbatim with bash from the
// repository root and $APP a fresh npm project outside the workspace (the MCP SDK and zod come
// from the registry). Then imports `createMailgunClient` from plain Node ESM. Proves the
// published shape works outside the monorepo, and the README's way to get it. Run after
// `pnpm run build`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blocksRunBy } from './lib/readme-blocks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const temp = mkdtempSync(join(tmpdir(), 'res-install-test-'));
const started = Date.now();

const check = `
import assert from 'node:assert/strict';
import { createMailgunClient, mailgunCatalog, mailgunPresets } from '@res/mailgun';
import { BrokenCircuitError, ResilientClient } from '@res/mcp';
import { BrokenCircuitError as CoreBrokenCircuitError } from '@res/core';

assert.throws(() => createMailgunClient({ env: {} }), (error) =>
  error instanceof TypeError &&
  error.message === '@res/mailgun: missing required environment variables MAILGUN_API_KEY, MAILGUN_DOMAIN (set them in process.env or pass { env: { … } })');

const mail = createMailgunClient({ env: { MAILGUN_API_KEY: 'key-install-test', MAILGUN_DOMAIN: 'mg.example.com' } });
assert.ok(mail.client instanceof ResilientClient);
assert.equal(mail.client.connected, false); // built, nothing started
assert.equal(mail.health().calls, 0);
assert.equal(mail.client.policy.maxAttempts, mailgunPresets.default.maxAttempts);
assert.equal(mailgunCatalog.send_message.safety, 'unsafe');
assert.equal(BrokenCircuitError, CoreBrokenCircuitError); // one core: instanceof holds across packages
await mail.close();
console.log('install test: @res/mailgun imports and builds from plain Node ESM');
`;

try {
  const blocks = blocksRunBy(root, 'scripts/install-test.mjs');
  if (blocks.length === 0) throw new Error('no README block is marked <!-- readme: run by scripts/install-test.mjs -->');
  for (const [index, block] of blocks.entries()) {
    const app = join(temp, `app-${index}`);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'res-install-test', private: true, type: 'module' }, null, 2));
    console.log(`install test: ${block.file}:${block.line}, with APP=${app}\n${block.body}`);
    execFileSync('bash', ['-e', '-o', 'pipefail', '-c', block.body], {
      cwd: root,
      env: { ...process.env, APP: app, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_prefer_offline: 'true', npm_config_loglevel: 'error' },
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300_000,
    });
    writeFileSync(join(app, 'check.mjs'), check);
    execFileSync(process.execPath, ['check.mjs'], { cwd: app, stdio: 'inherit', timeout: 30_000 });
  }
  console.log(`install test passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`install test FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
