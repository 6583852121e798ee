#!/usr/bin/env node
/* global console, process */
// Installs @res/core, @res/mcp and @res/mailgun as a user would: `pnpm pack` each (which rewrites
// `workspace:` versions), `npm install` the tarballs into a fresh npm project outside the workspace
// (the MCP SDK and zod come from the registry), then imports `createMailgunClient` from plain Node
// ESM. Proves the published shape works outside the monorepo. Run after `pnpm run build`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['core', 'mcp', 'mailgun'];
const temp = mkdtempSync(join(tmpdir(), 'res-install-test-'));
const started = Date.now();

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
}

// What a user's code does with the installed packages; exits non-zero on any surprise.
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
  const tarballs = join(temp, 'tarballs');
  mkdirSync(tarballs);
  for (const name of packages) run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', name));
  const files = readdirSync(tarballs).filter((file) => file.endsWith('.tgz')).map((file) => join(tarballs, file));
  if (files.length !== packages.length) throw new Error(`expected ${packages.length} tarballs, got ${files.join(', ')}`);

  const app = join(temp, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'res-install-test', private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...files], app);
  writeFileSync(join(app, 'check.mjs'), check);
  execFileSync(process.execPath, ['check.mjs'], { cwd: app, stdio: 'inherit', timeout: 30_000 });
  console.log(`install test passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`install test FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
