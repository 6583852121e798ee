#!/usr/bin/env node
/**
 * The hostile upstream on stdio: `node main.js <mode> [--stubborn] [--exit CODE]`.
 * `--stubborn` ignores stdin EOF and SIGTERM (only SIGKILL stops it); `--exit CODE`
 * writes a few stderr lines (one with `HOSTILE_SECRET`) and exits at once;
 * `--list-changed` sends `notifications/tools/list_changed` after its first `tools/call` answer.
 */
import { createInterface } from 'node:readline';
import { hostileModes, respond, type HostileMode, type RpcIn } from './modes.js';

const [mode = 'ok', ...flags] = process.argv.slice(2);
if (!(hostileModes as readonly string[]).includes(mode)) {
  process.stderr.write(`hostile: unknown mode ${mode}\n`);
  process.exit(2);
}
const secret = process.env.HOSTILE_SECRET ?? '';
const exitAt = flags.indexOf('--exit');
if (exitAt !== -1) {
  process.stderr.write(`hostile: starting\nhostile: token ${secret}\nhostile: cannot start, giving up\n`);
  process.exit(Number(flags[exitAt + 1] ?? 1));
}
if (flags.includes('--stubborn')) {
  process.on('SIGTERM', () => undefined);
  process.on('SIGINT', () => undefined);
  setInterval(() => undefined, 1_000); // outlives stdin's end
}
process.stdout.on('error', () => undefined); // the reader went away: keep misbehaving quietly

let listChanged = flags.includes('--list-changed');
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  let message: RpcIn;
  try {
    message = JSON.parse(line) as RpcIn;
  } catch {
    return;
  }
  for (const out of respond(mode as HostileMode, message, { echo: secret })) process.stdout.write(`${out}\n`);
  if (listChanged && message.method === 'tools/call') {
    listChanged = false;
    process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' })}\n`);
  }
});
