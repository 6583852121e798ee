// What the tests need from the machine, how to find it, and what to do when it is missing.
// Pure decisions over an injected `sys` (which/exists/version/uid/platform/env), so
// scripts/test/services.test.mjs can check them for any machine; scripts/test-services.mjs
// runs them against the real one.

/** Where Debian/Ubuntu put Chromium; the first that exists is used (packages/mermaid/test/real-server.test.ts looks in the same places). */
export const chromiumPaths = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * The services. `find(sys)` returns `{ path, version }` or undefined. `apt` are the packages to
 * install, `systemServices` what those packages start (stopped after install: the tests start
 * their own on random ports), `install` the exact command for someone who has to do it by hand.
 */
export const services = [
  {
    name: 'redis-server',
    neededBy: 'the @res/redis tests (redis-server, redis-cli for cluster setup, redis-server --sentinel)',
    find(sys) {
      const server = sys.env.REDIS_SERVER_BIN || sys.which('redis-server');
      const cli = sys.which('redis-cli');
      if (!server || !cli) return undefined;
      const version = /v=(\S+)/.exec(sys.version(server, ['--version']) ?? '')?.[1];
      return version ? { path: `${server}, ${cli}`, version } : undefined;
    },
    apt: ['redis-server'],
    systemServices: ['redis-server'],
    install: { apt: 'sudo apt-get install -y --no-install-recommends redis-server', brew: 'brew install redis' },
  },
  {
    name: 'chromium',
    neededBy: "@res/mermaid's rendering test (the real mcp-mermaid renders through Playwright) and res-proxy's status page test in a real browser",
    optOut: 'RES_SKIP_BROWSER',
    find(sys) {
      const path = chromiumPaths.find((candidate) => sys.exists(candidate));
      if (!path) return undefined;
      const version = /(\d+(?:\.\d+)+)/.exec(sys.version(path, ['--version']) ?? '')?.[1];
      return version ? { path, version } : undefined;
    },
    apt: ['chromium', 'fonts-liberation'],
    systemServices: [],
    install: { apt: 'sudo apt-get install -y --no-install-recommends chromium fonts-liberation', brew: undefined },
  },
  {
    name: 'promtool',
    neededBy: "@res/prometheus's rule and dashboard checks (promtool check rules, promtool test rules)",
    find(sys) {
      const path = sys.which('promtool');
      if (!path) return undefined;
      const version = /version (\S+)/.exec(sys.version(path, ['--version']) ?? '')?.[1];
      return version ? { path, version } : undefined;
    },
    apt: ['prometheus'],
    systemServices: ['prometheus'],
    install: { apt: 'sudo apt-get install -y --no-install-recommends prometheus', brew: 'brew install prometheus' },
  },
];

/** True when the variable is set to something other than '', '0' or 'false'. */
export function flag(env, name) {
  const value = env[name];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * How this machine can install packages: `{ kind: 'apt', sudo: [] }` as root,
 * `{ kind: 'apt', sudo: ['sudo', '-n'] }` with passwordless sudo, else `{ kind: 'none', why }`.
 */
export function installer(sys) {
  if (sys.platform !== 'linux') return { kind: 'none', why: `this is ${sys.platform}, not Debian/Ubuntu` };
  if (!sys.which('apt-get')) return { kind: 'none', why: 'there is no apt-get (not Debian/Ubuntu)' };
  if (sys.uid === 0) return { kind: 'apt', sudo: [] };
  if (sys.sudoWorks()) return { kind: 'apt', sudo: ['sudo', '-n'] };
  return { kind: 'none', why: 'not root, and no passwordless sudo' };
}

/**
 * The plan for this machine: `present` (found, with versions), `skipped` (opted out),
 * `missing`, and `action`: 'none' | 'install' (with `packages`) | 'fail' (with `messages`).
 */
export function plan(sys, list = services) {
  const present = [];
  const skipped = [];
  const missing = [];
  for (const service of list) {
    if (service.optOut && flag(sys.env, service.optOut)) {
      skipped.push(service);
      continue;
    }
    const found = service.find(sys);
    if (found) present.push({ service, ...found });
    else missing.push(service);
  }
  if (missing.length === 0) return { present, skipped, missing, action: 'none' };
  const how = installer(sys);
  if (how.kind === 'apt') {
    return { present, skipped, missing, action: 'install', sudo: how.sudo, packages: missing.flatMap((service) => service.apt) };
  }
  return { present, skipped, missing, action: 'fail', messages: missing.map((service) => missingMessage(service, sys, how.why)) };
}

/** One line (plus commands) telling a person exactly how to get `service` on their machine. */
export function missingMessage(service, sys, why) {
  const lines = [`${service.name} is missing: ${service.neededBy} need it. It cannot be installed here (${why}).`];
  if (sys.platform === 'darwin' && service.install.brew) lines.push(`  macOS:         ${service.install.brew}`);
  lines.push(`  Debian/Ubuntu: ${service.install.apt}`);
  if (sys.platform !== 'linux' && !service.install.brew && service.name === 'chromium') {
    lines.push('  (the rendering test uses a Linux Chromium; on other systems run it in a Debian container)');
  }
  if (service.optOut) lines.push(`  or opt out explicitly: ${service.optOut}=1 pnpm test (${service.neededBy.replace(/ \(.*$/, '')} will not run)`);
  return lines.join('\n');
}

/** The loud line for what an opt-out leaves untested: before the tests (`will`) or after them (`did`). */
export function skippedLine(service, when = 'will') {
  return `!!! ${service.optOut}=1: no ${service.name}, so ${service.neededBy} ${when} NOT run !!!`;
}

/** How long each step of an install may take before it is stopped (every wait has a deadline). */
export const deadlines = { sudoCheck: 10_000, aptUpdate: 600_000, aptSimulate: 120_000, aptInstall: 1_200_000, stopService: 60_000 };

/**
 * What went wrong with a finished `spawnSync` run of `command` (an array), or `undefined`:
 * a run stopped at its `deadlineMs` says so (spawnSync reports it as an ETIMEDOUT error),
 * else the exit code or signal and the tail of the output.
 *
 * @example runProblem(['apt-get', 'update'], { status: null, signal: 'SIGTERM', error: { code: 'ETIMEDOUT' } }, 600000);
 * // 'apt-get update did not finish within 10 min and was stopped'
 */
export function runProblem(command, run, deadlineMs) {
  if (run.error?.code === 'ETIMEDOUT') return `${command.join(' ')} did not finish within ${formatMs(deadlineMs)} and was stopped`;
  if (run.error !== undefined) return `${command.join(' ')} could not run: ${run.error.message}`;
  if (run.status === 0) return undefined;
  const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  return `${command.join(' ')} failed (exit ${run.status ?? run.signal}):\n${tail}`;
}

function formatMs(ms) {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}
