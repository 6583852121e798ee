#!/usr/bin/env node
// Keeps the READMEs honest: every command block (```sh …) and MCP host config in the root,
// apps, packages, docs and examples Markdown carries a marker saying who runs it (see
// scripts/lib/readme-blocks.mjs), and this checks each claim:
//   run                 → runs the block here with bash from the repository root; it must exit 0;
//   run by .ci/run      → each of its commands is a command in .ci/run;
//   run by <script>     → <script> exists and claims the marker (it runs those blocks itself);
//   not run: <why>      → listed, with the reason.
// Host configs must also be valid JSON, and name files that exist where they point into the
// checkout ("/absolute/path/to/res/apps/proxy/dist/bin.js").
// Part of `pnpm test` (after the build). Usage: node scripts/check-readme-commands.mjs [--no-run]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { commandBlocks, commandsOf, readmeFiles, scriptRuns } from './lib/readme-blocks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const execute = !process.argv.includes('--no-run');
const problems = [];
const counts = { run: 0, 'run-by': 0, 'not-run': 0 };
const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
const checkout = '/absolute/path/to/res/';

function run(where, body) {
  const started = Date.now();
  const result = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', body], { cwd: root, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) return console.log(`readme commands: ${where} ran (${seconds} s)`);
  const tail = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-20).join('\n');
  problems.push(`${where} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}, ${seconds} s):\n${body}\n--- output (tail) ---\n${tail}`);
}

/** Every host config is valid JSON, and a path into the checkout (`/absolute/path/to/res/…`) names a file that is there. */
function checkHostConfig(where, body) {
  let config;
  try {
    config = JSON.parse(body);
  } catch (error) {
    return problems.push(`${where}: the host config is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  for (const [name, server] of Object.entries(config.mcpServers ?? {})) {
    for (const arg of server.args ?? []) {
      if (typeof arg !== 'string' || !arg.startsWith(checkout)) continue;
      if (!existsSync(join(root, arg.slice(checkout.length)))) problems.push(`${where}: ${name} runs ${arg}, but there is no ${arg.slice(checkout.length)} here (after the build)`);
    }
  }
}

for (const file of readmeFiles(root)) {
  for (const block of commandBlocks(readFileSync(join(root, file), 'utf8'))) {
    const where = `${file}:${block.line}`;
    const { marker } = block;
    if (marker === undefined) {
      problems.push(`${where}: a \`\`\`${block.language} block without a marker; put one on the line before it: <!-- readme: run -->, <!-- readme: run by .ci/run -->, or <!-- readme: not run: <why> -->`);
      continue;
    }
    if (marker.kind === 'invalid') {
      problems.push(`${where}: unknown marker "readme: ${marker.text}"`);
      continue;
    }
    counts[marker.kind]++;
    if (block.language.startsWith('json')) checkHostConfig(where, block.body);
    if (marker.kind === 'run-by' && marker.by === '.ci/run') {
      for (const command of commandsOf(block.body)) if (!scriptRuns(ci, command)) problems.push(`${where}: says .ci/run runs \`${command}\`, but .ci/run has no such command`);
    } else if (marker.kind === 'run-by') {
      const script = join(root, marker.by);
      if (!existsSync(script) || !readFileSync(script, 'utf8').includes(`readme: run by ${marker.by}`)) {
        problems.push(`${where}: says ${marker.by} runs it, but ${marker.by} does not claim "readme: run by ${marker.by}" blocks`);
      }
    } else if (marker.kind === 'run' && execute) {
      run(where, block.body);
    }
  }
}

console.log(`readme commands: ${counts.run} blocks run here${execute ? '' : ' (not run: --no-run)'}, ${counts['run-by']} run by .ci/run or a script, ${counts['not-run']} marked not run`);
if (problems.length > 0) {
  console.error(`\nreadme commands: ${problems.length} problem(s)\n\n${problems.join('\n\n')}`);
  process.exitCode = 1;
}
