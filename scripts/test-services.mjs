#!/usr/bin/env node
// The first step of `pnpm test` (root `pretest`) and of .ci/run: makes sure the machine has what
// the tests need — redis-server (+ redis-cli), a Chromium for Playwright, promtool.
//   present                        → one line each with its version;
//   missing, Debian/Ubuntu, root   → one `apt-get update`, one non-interactive
//   (or passwordless sudo)           `apt-get install --no-install-recommends`, then stop the
//                                    system services the packages started (tests start their own);
//   missing, anything else         → exit 1 before any test, with the install command per tool.
// RES_SKIP_BROWSER=1 is the one opt-out (no Chromium): it is named loudly here and, with
// `--summary`, again at the end of `pnpm test`.
// Usage: node scripts/test-services.mjs [--summary]
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import process from 'node:process';
import { deadlines, plan, runProblem, services, skippedLine } from './lib/services.mjs';

const log = (line) => console.log(`test services: ${line}`);

/** The real machine, in the shape plan() takes. */
const sys = {
  env: process.env,
  platform: process.platform,
  uid: process.getuid?.(),
  exists: (path) => existsSync(path),
  which(command) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (!dir) continue;
      try {
        accessSync(join(dir, command), constants.X_OK);
        return join(dir, command);
      } catch {
        // not in this directory
      }
    }
    return undefined;
  },
  version(path, args) {
    try {
      return execFileSync(path, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    } catch {
      return undefined;
    }
  },
  sudoWorks: () => sys.which('sudo') !== undefined && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: deadlines.sudoCheck }).status === 0,
};

function report(result) {
  for (const { service, path, version } of result.present) log(`${service.name} ${version} — ${path}`);
  for (const service of result.skipped) console.log(skippedLine(service));
}

/** apt-get as root or through `sudo -n`, non-interactive, stopped at `deadlineMs`; returns stdout, throws with what went wrong. */
function aptGet(sudo, args, deadlineMs) {
  const command = [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-o', 'DPkg::Lock::Timeout=300', ...args];
  const run = spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: deadlineMs, killSignal: 'SIGTERM' });
  const problem = runProblem(command, run, deadlineMs);
  if (problem !== undefined) throw new Error(problem);
  return run.stdout;
}

/** Stops a system service a package just started; the tests never use it. */
function stopService(sudo, name) {
  const systemd = existsSync('/run/systemd/system');
  const command = systemd ? [...sudo, 'systemctl', 'stop', name] : [...sudo, 'service', name, 'stop'];
  if (!systemd && !sys.which('service')) return log(`no systemctl or service command: could not stop ${name} (check nothing listens on its port)`);
  const run = spawnSync(command[0], command.slice(1), { encoding: 'utf8', timeout: deadlines.stopService });
  if (run.status === 0) log(`stopped the system ${name} the package started (${command.join(' ')}); the tests start their own`);
  else log(`could not stop the system ${name}: ${runProblem(command, run, deadlines.stopService) ?? 'no reason given'}`);
}

function install(result) {
  log(`missing: ${result.missing.map((service) => service.name).join(', ')}; installing with apt-get${result.sudo.length ? ' (sudo -n)' : ''}`);
  log('apt-get update');
  aptGet(result.sudo, ['update', '-qq'], deadlines.aptUpdate);
  const simulated = aptGet(result.sudo, ['install', '-s', '--no-install-recommends', ...result.packages], deadlines.aptSimulate);
  const added = [...simulated.matchAll(/^Inst (\S+)/gm)].map((match) => match[1]);
  log(`apt-get install -y --no-install-recommends ${result.packages.join(' ')}`);
  log(added.length > 0 ? `  adds ${added.length} packages: ${added.join(' ')}` : '  adds nothing: already installed');
  const started = Date.now();
  aptGet(result.sudo, ['install', '-y', '-q', '--no-install-recommends', ...result.packages], deadlines.aptInstall);
  log(`  installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const service of result.missing) for (const name of service.systemServices) stopService(result.sudo, name);
}

function fail(messages) {
  console.error('\ntest services: cannot run the tests, something they need is missing.\n');
  for (const message of messages) console.error(`${message}\n`);
  console.error('Install the above, then run `pnpm test` again (nothing has been run yet).');
  process.exit(1);
}

if (process.argv.includes('--summary')) {
  // End of `pnpm test`: repeat what an opt-out left out, so it is not lost in the scroll.
  for (const service of services) if (plan(sys, [service]).skipped.length) console.log(skippedLine(service, 'did'));
  process.exit(0);
}

let result = plan(sys);
if (result.action === 'fail') fail(result.messages);
if (result.action === 'install') {
  try {
    install(result);
  } catch (error) {
    fail([error instanceof Error ? error.message : String(error), ...result.missing.map((service) => `${service.name}: ${service.install.apt}`)]);
  }
  result = plan(sys);
  if (result.action !== 'none') {
    const hint = (service) => (service.name === 'redis-server' && process.env.REDIS_SERVER_BIN ? ` (REDIS_SERVER_BIN=${process.env.REDIS_SERVER_BIN} is set: is that path right?)` : '');
    fail(result.missing.map((service) => `${service.name} is still missing after apt-get install ${service.apt.join(' ')}${hint(service)}; install it by hand: ${service.install.apt}`));
  }
}
report(result);
